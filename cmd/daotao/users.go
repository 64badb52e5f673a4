package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"daotao/domain"
	"daotao/events"
)

func users(ctx context.Context, env environment, args []string) error {
	if len(args) == 0 || args[0] != "add" {
		return usageError{"usage: daotao users add --username U --role ROLE [--agency CODE] [--official ID] --password-stdin"}
	}
	var f backendFlags
	var username, role, agency, official string
	var fromStdin bool
	fs := newFlagSet(env, "users add")
	f.register(fs, env)
	fs.StringVar(&username, "username", "", "login name: 3–64 of a-z 0-9 _ -")
	fs.StringVar(&role, "role", "", "admin, agency, council or auditor")
	fs.StringVar(&agency, "agency", "", "agency code (required for role agency)")
	fs.StringVar(&official, "official", "", "the official's id (required for role official, a trainee)")
	fs.BoolVar(&fromStdin, "password-stdin", false, "read the password from the first line of standard input")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if err := f.validate(); err != nil {
		return err
	}
	if !fromStdin {
		return usageError{"--password-stdin is required: the password is never taken from the command line"}
	}
	password, err := readPassword(env.stdin)
	if err != nil {
		return err
	}
	return addUser(ctx, env, f, domain.CreateUser{Username: username, Password: password, Role: role, AgencyCode: agency, OfficialID: official})
}

func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("read password: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func addUser(ctx context.Context, env environment, f backendFlags, cmd domain.CreateUser) error {
	o, err := openOffline(ctx, env, f)
	if err != nil {
		return err
	}
	defer o.close()
	id, seq, err := o.srv.AddUser(ctx, events.System, cmd)
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(env.stdout, "created user %s (role %s, id %s, seq %d)\n", cmd.Username, cmd.Role, id, seq)
	return nil
}

// describe turns a domain error into a one-line message for the terminal,
// with each field at fault.
func describe(err error) error {
	var msgs []string
	if de, ok := err.(*domain.Error); ok {
		for field, msg := range de.Fields {
			msgs = append(msgs, field+": "+msg)
		}
		if len(msgs) > 0 {
			return fmt.Errorf("%s (%s)", de.Message, strings.Join(msgs, "; "))
		}
		return fmt.Errorf("%s", de.Message)
	}
	return err
}
