package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"daotao/domain"
	"daotao/events"
	"daotao/handlers"
	"daotao/handlers/roster"
	"daotao/projections"
)

const officialsUsage = "usage: daotao officials import FILE --username U [--data DIR | --nats-url URL] [--commit [--partial]]"

// importFlags are the flags of "officials import".
type importFlags struct {
	backendFlags
	username string
	commit   bool
	partial  bool
}

func (f *importFlags) register(fs *flag.FlagSet, env environment) {
	f.backendFlags.register(fs, env)
	fs.StringVar(&f.username, "username", "", "the agency officer who imports: an existing user of role agency, whose agency gets the officials")
	fs.BoolVar(&f.commit, "commit", false, "register the officials; without it the file is only checked (dry run)")
	fs.BoolVar(&f.partial, "partial", false, "with --commit: register the valid rows even when other rows are invalid")
}

func (f *importFlags) validate(files []string) error {
	switch {
	case len(files) != 1:
		return usageError{officialsUsage}
	case f.username == "":
		return usageError{"--username is required: the import acts as that agency officer"}
	case f.partial && !f.commit:
		return usageError{"--partial applies to --commit only"}
	}
	return f.backendFlags.validate()
}

// officials runs "officials import": it checks a roster file and, with
// --commit, registers its officials on the user's agency. It prints the
// report row by row and fails (exit 1) when rows are invalid on a dry run
// or when a commit imports nothing.
func officials(ctx context.Context, env environment, args []string) error {
	if len(args) == 0 || args[0] != "import" {
		return usageError{officialsUsage}
	}
	var f importFlags
	fs := newFlagSet(env, "officials import")
	f.register(fs, env)
	files, err := parseInterspersed(fs, args[1:])
	if err != nil {
		return err
	}
	if err := f.validate(files); err != nil {
		return err
	}
	data, err := readRoster(files[0])
	if err != nil {
		return err
	}
	return importRoster(ctx, env, f, files[0], data)
}

func importRoster(ctx context.Context, env environment, f importFlags, name string, data []byte) error {
	o, err := openOffline(ctx, env, f.backendFlags)
	if err != nil {
		return err
	}
	defer o.close()
	actor, err := agencyActor(o.state, f.username)
	if err != nil {
		return err
	}
	rep, err := o.srv.ImportRoster(ctx, actor, data, handlers.ImportOptions{Commit: f.commit, Partial: f.partial})
	if err != nil && !errors.Is(err, handlers.ErrImportRefused) {
		return describe(err)
	}
	printReport(env.stdout, name, rep)
	switch {
	case err != nil:
		return errors.New(rep.Message)
	case f.commit:
		fmt.Fprintf(env.stdout, "Đã nhập %d cán bộ vào %s (seq %d).\n", rep.Imported, actor.Agency, rep.Seq)
	case rep.Invalid > 0:
		return fmt.Errorf("%d dòng có lỗi; chưa nhập gì", rep.Invalid)
	default:
		fmt.Fprintln(env.stdout, "Kiểm tra xong, chưa nhập gì: thêm --commit để nhập.")
	}
	return nil
}

// parseInterspersed parses flags that may come before or after the
// positional arguments ("import FILE --username U") and returns the
// positional ones.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos, args = append(pos, fs.Arg(0)), fs.Args()[1:]
	}
}

func readRoster(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.Size() > roster.MaxBytes {
		return nil, describe(roster.TooLarge())
	}
	return os.ReadFile(path)
}

// agencyActor returns the actor of the agency officer username: the
// import acts as that user, never as a free-form actor.
func agencyActor(state *projections.State, username string) (events.Actor, error) {
	u, ok := state.UserByName(username)
	switch {
	case !ok:
		return events.Actor{}, fmt.Errorf("no user %q", username)
	case u.Disabled:
		return events.Actor{}, fmt.Errorf("user %q is disabled", username)
	case u.Role != domain.RoleAgency:
		return events.Actor{}, fmt.Errorf("user %q has role %s; only an agency officer (role agency) imports a roster", username, u.Role)
	}
	return u.Actor(), nil
}

// printReport writes the summary and one line per problem.
func printReport(w io.Writer, name string, rep handlers.ImportReport) {
	fmt.Fprintf(w, "Tệp %s: %d dòng dữ liệu, %d hợp lệ, %d có lỗi.\n", name, rep.Rows, rep.Valid, rep.Invalid)
	if len(rep.IgnoredColumns) > 0 {
		fmt.Fprintf(w, "Cột không dùng đến: %s.\n", strings.Join(rep.IgnoredColumns, ", "))
	}
	if len(rep.Errors) == 0 {
		return
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "Dòng\tCột\tMã\tLỗi")
	for _, p := range rep.Errors {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", p.Row, p.Column, p.Code, p.Message)
	}
	tw.Flush()
}

// offline is a server for a command that runs without serving HTTP: the
// backend, projections caught up with the log, and the handlers.
type offline struct {
	backend *backend
	state   *projections.State
	srv     *handlers.Server
	cancel  context.CancelFunc
}

func openOffline(ctx context.Context, env environment, f backendFlags) (*offline, error) {
	log := newLogger(env)
	b, err := openBackend(ctx, f, log, nil)
	if err != nil {
		return nil, err
	}
	pctx, cancel := context.WithCancel(ctx)
	o := &offline{backend: b, state: projections.New(), cancel: cancel}
	if err := o.state.Run(pctx, b.store, nil); err != nil {
		o.close()
		return nil, err
	}
	o.srv = handlers.New(handlers.Config{Store: b.store, State: o.state, Agencies: domain.DefaultAgencies(), Logger: log})
	if err := o.srv.CatchUp(ctx); err != nil {
		o.close()
		return nil, err
	}
	return o, nil
}

func (o *offline) close() {
	o.cancel()
	o.backend.close()
}
