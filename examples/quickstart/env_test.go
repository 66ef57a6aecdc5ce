package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestAuthFromEnvEveryCombination sets every subset of the four credential
// variables and checks which mode run picks: the sandbox only when none is
// set, a live lookup when exactly one pair is complete, and otherwise an
// error naming the variable to fix, before anything runs.
func TestAuthFromEnvEveryCombination(t *testing.T) {
	vars := []string{envClientKey, envSecretKey, envApplicationID, envPrivateKey}
	values := map[string]string{
		envClientKey: "ck-public", envSecretKey: "sk-SECRET-1",
		envApplicationID: "app-public", envPrivateKey: "pk-SECRET-2",
	}
	for mask := 0; mask < 1<<len(vars); mask++ {
		env := map[string]string{}
		var names []string
		for i, name := range vars {
			if mask&(1<<i) != 0 {
				env[name] = values[name]
				names = append(names, name)
			}
		}
		t.Run(strings.Join(append([]string{"set"}, names...), "+"), func(t *testing.T) {
			getenv := func(k string) string { return env[k] }
			basic := env[envClientKey] != "" || env[envSecretKey] != ""
			legacy := env[envApplicationID] != "" || env[envPrivateKey] != ""

			auth, ok, err := authFromEnv(getenv)
			switch {
			case basic && legacy:
				wantError(t, err, "not both")
			case basic && env[envClientKey] == "":
				wantError(t, err, "but "+envClientKey+" is not")
			case basic && env[envSecretKey] == "":
				wantError(t, err, "but "+envSecretKey+" is not")
			case legacy && env[envApplicationID] == "":
				wantError(t, err, "but "+envApplicationID+" is not")
			case legacy && env[envPrivateKey] == "":
				wantError(t, err, "but "+envPrivateKey+" is not")
			case basic:
				if err != nil || !ok || !strings.Contains(auth.String(), "BasicAuth(client key ck-public") {
					t.Fatalf("want BasicAuth, got %v, %v, %v", auth, ok, err)
				}
			case legacy:
				if err != nil || !ok || !strings.Contains(auth.String(), "TokenAuth(application id app-public") {
					t.Fatalf("want TokenAuth, got %v, %v, %v", auth, ok, err)
				}
			default:
				if err != nil || ok {
					t.Fatalf("no variable set: want the sandbox, got %v, %v", ok, err)
				}
			}

			// run reports the same error before doing anything: no
			// sandbox walkthrough is printed instead.
			var out bytes.Buffer
			runErr := run(context.Background(), &out, getenv, nil)
			if err != nil {
				if runErr == nil || runErr.Error() != err.Error() || out.Len() != 0 {
					t.Fatalf("run: got %v with output %q, want %v and no output", runErr, out.String(), err)
				}
			}
		})
	}
}

func wantError(t *testing.T, err error, fragment string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), fragment) {
		t.Fatalf("want an error containing %q, got %v", fragment, err)
	}
	for _, secret := range []string{"sk-SECRET-1", "pk-SECRET-2"} {
		if strings.Contains(err.Error(), secret) {
			t.Fatalf("the error shows a secret: %v", err)
		}
	}
}
