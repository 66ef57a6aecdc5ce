//go:build linux

package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// -csv naming what is no regular file (a FIFO here; /dev/stdout, a
// container's way to hand the report to its log collector, is the same
// case) is written to directly, as os.Create wrote it: a rename would
// replace the FIFO's name with a regular file (and, run as root over
// /dev/stdout or /dev/null, the device node's, for every process on the
// machine), and the reader at the other end would get nothing.
func TestReportWritesIntoAFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "report.csv")
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))
	// A second name for the FIFO, elsewhere: if the report never opens the
	// FIFO, opening it here for writing lets the reader's open return.
	keep := filepath.Join(t.TempDir(), "fifo")
	require.NoError(t, os.Link(fifo, keep))

	got := make(chan []byte, 1)
	go func() {
		f, err := os.Open(fifo) // blocks until a writer opens it
		if err != nil {
			got <- nil
			return
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		got <- b
	}()

	_, err := run(context.Background(), reportConfig(fifo), reconcileStream{n: 2}, memoryDB(t), &bytes.Buffer{}, false)
	if w, werr := os.OpenFile(keep, os.O_WRONLY|syscall.O_NONBLOCK, 0); werr == nil {
		w.Close() // the reader still waited to open: release it
	}
	require.NoError(t, err)

	var report []byte
	select {
	case report = <-got:
	case <-time.After(5 * time.Second):
		t.Fatal("the FIFO's reader never finished")
	}
	rows := bytes.Count(report, []byte("\n"))
	require.Equal(t, 3, rows, "the FIFO's reader got %q, want the header and 2 rows", report)
	st, err := os.Lstat(fifo)
	require.NoError(t, err)
	require.Equal(t, os.ModeNamedPipe, st.Mode().Type(), "the FIFO was replaced by a regular file")
	requireOnly(t, dir, "report.csv")
}
