package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"daotao/domain"
	"daotao/domain/programme"
	"daotao/events"
	"daotao/handlers"
)

// benchPassword is the password of every bench account.
const benchPassword = "bench-mat-khau-7328"

// benchHasher hashes bench passwords cheaply: logins are not measured.
var benchHasher = handlers.PasswordHasher{Time: 1, MemoryKiB: 64, Threads: 1}

// The accounts of the approval chain's stages.
const (
	benchCouncil        = "bench-hoidong"
	benchHomeAffairs    = "bench-sonoivu"
	benchStandingCommit = "bench-thuongvu"
)

// benchUsers are the accounts the generator records events as and the
// load logs in with: one officer per agency and the council.
type benchUsers struct {
	council  events.Actor
	officers map[string]events.Actor // by agency code
	agencies []string                // agencies with an officer, in order
}

func officerName(agency string) string { return "bench-" + strings.ReplaceAll(agency, "_", "-") }

// ensureUsers loads the bench accounts from the log, recording those
// missing, for every agency the demo roster uses.
func (b *bench) ensureUsers(ctx context.Context, doc *programme.Document, base programme.Baseline) error {
	var agencies []string
	for _, o := range programme.DemoRoster(demoSeed, doc, base) {
		if !slices.Contains(agencies, o.AgencyCode) {
			agencies = append(agencies, o.AgencyCode)
		}
	}
	b.users = benchUsers{officers: map[string]events.Actor{}, agencies: agencies}
	dirs, err := agenciesOf(doc)
	if err != nil {
		return err
	}
	if b.users.council, err = b.ensureUser(ctx, dirs, domain.CreateUser{Username: benchCouncil, Role: string(domain.RoleCouncil)}); err != nil {
		return err
	}
	for name, role := range map[string]domain.Role{benchHomeAffairs: domain.RoleHomeAffairs, benchStandingCommit: domain.RoleStandingCommittee} {
		if _, err := b.ensureUser(ctx, dirs, domain.CreateUser{Username: name, Role: string(role)}); err != nil {
			return err
		}
	}
	for _, a := range agencies {
		cmd := domain.CreateUser{Username: officerName(a), Role: string(domain.RoleAgency), AgencyCode: a}
		if b.users.officers[a], err = b.ensureUser(ctx, dirs, cmd); err != nil {
			return err
		}
	}
	return nil
}

// ensureUser returns the actor of the account cmd describes, recording it
// first when the log does not have it.
func (b *bench) ensureUser(ctx context.Context, dirs *domain.Agencies, cmd domain.CreateUser) (events.Actor, error) {
	store := b.be.store
	subject := events.Subject(events.AggregateUser, cmd.Username)
	recs, err := store.Load(ctx, subject)
	if err != nil {
		return events.Actor{}, err
	}
	if len(recs) > 0 {
		return actorOfUser(recs[0])
	}
	cmd.Password = benchPassword
	if err := domain.ValidateUser(cmd, events.System, dirs); err != nil {
		var de *domain.Error
		if errors.As(err, &de) {
			return events.Actor{}, fmt.Errorf("bench user %s: %w %v", cmd.Username, err, de.Fields)
		}
		return events.Actor{}, err
	}
	hash, err := benchHasher.Hash(benchPassword)
	if err != nil {
		return events.Actor{}, err
	}
	u := domain.NewUser(uuid.Must(uuid.NewV7()).String(), cmd, hash)
	e, err := events.New(uuid.Must(uuid.NewV7()).String(), subject, time.Now(), events.System, &u)
	if err != nil {
		return events.Actor{}, err
	}
	if _, err := store.Append(ctx, e, 0, e.ID); err != nil {
		return events.Actor{}, fmt.Errorf("bench user %s: %w", cmd.Username, err)
	}
	return events.Actor{UserID: u.UserID, Username: u.Username, Role: u.Role, Agency: u.AgencyCode}, nil
}

func actorOfUser(r events.Recorded) (events.Actor, error) {
	p, err := events.Unmarshal(r.Envelope)
	if err != nil {
		return events.Actor{}, err
	}
	u, ok := p.(*events.UserCreated)
	if !ok {
		return events.Actor{}, errors.New("bench user " + r.Subject + " does not start with user.created")
	}
	return events.Actor{UserID: u.UserID, Username: u.Username, Role: u.Role, Agency: u.AgencyCode}, nil
}

// agenciesOf returns the agencies of the reference data in force today,
// the directory the server checks accounts against.
func agenciesOf(doc *programme.Document) (*domain.Agencies, error) {
	var list []domain.Agency
	for _, a := range doc.AgenciesAsOf(events.DateOf(time.Now(), domain.Zone)) {
		list = append(list, domain.Agency{Code: a.Code, Name: a.Name, Kind: a.Kind})
	}
	return domain.NewAgencies(list)
}
