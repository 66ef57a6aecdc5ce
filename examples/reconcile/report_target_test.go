package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// The report used to be written with os.Create: it kept an existing
// report's mode, and a new one got 0666 less the umask, like any file the
// job writes. The temporary file renamed over it must not change that:
// os.CreateTemp makes it 0600, and the next morning the consumer of the
// cron job's report (a dashboard under another user, an accounting
// group's share) would get "permission denied".
func TestReportKeepsItsMode(t *testing.T) {
	dir := t.TempDir()
	for _, mode := range []os.FileMode{0o644, 0o640, 0o664} {
		path := filepath.Join(dir, "report.csv")
		require.NoError(t, os.WriteFile(path, []byte("yesterday's report\n"), 0o600))
		require.NoError(t, os.Chmod(path, mode)) // shared with the accounting group's reader

		_, err := run(context.Background(), reportConfig(path), reconcileStream{n: 1}, memoryDB(t), &bytes.Buffer{}, false)
		require.NoError(t, err)

		st, err := os.Stat(path)
		require.NoError(t, err)
		require.Equal(t, mode, st.Mode().Perm(), "the report's readers lost access")
		rows, _ := readReport(t, path)
		require.Len(t, rows, 1, "the report was not replaced")
	}

	// A first report: what os.Create (the umask) gives any other file.
	fresh := filepath.Join(dir, "first.csv")
	_, err := run(context.Background(), reportConfig(fresh), reconcileStream{n: 1}, memoryDB(t), &bytes.Buffer{}, false)
	require.NoError(t, err)
	probe, err := os.Create(filepath.Join(dir, "probe"))
	require.NoError(t, err)
	want, err := probe.Stat()
	require.NoError(t, err)
	require.NoError(t, probe.Close())
	got, err := os.Stat(fresh)
	require.NoError(t, err)
	require.Equal(t, want.Mode().Perm(), got.Mode().Perm(), "a new report is not created as the job's other files are")
}

// -csv naming a symbolic link (latest.csv -> reports/current.csv, a common
// way to publish a report) is written through, as os.Create wrote it: the
// target gets the report and the link stays a link. A rename over the
// link would replace it with a regular file and leave the target (what
// the web server or the next job reads) with the old report for ever,
// with no error. A link whose target does not exist yet creates the
// target; a relative link inside a linked directory is read from that
// directory's real place, as the kernel reads it; and the temporary file
// is made beside the target, so the rename stays in one directory.
func TestReportWritesThroughASymlink(t *testing.T) {
	t.Run("existing target", func(t *testing.T) {
		dir := t.TempDir()
		require.NoError(t, os.Mkdir(filepath.Join(dir, "reports"), 0o755))
		target := filepath.Join(dir, "reports", "current.csv")
		require.NoError(t, os.WriteFile(target, []byte("yesterday's report\n"), 0o644))
		link := filepath.Join(dir, "latest.csv")
		require.NoError(t, os.Symlink(filepath.Join("reports", "current.csv"), link))

		_, err := run(context.Background(), reportConfig(link), reconcileStream{n: 2}, memoryDB(t), &bytes.Buffer{}, false)
		require.NoError(t, err)

		requireLink(t, link)
		rows, _ := readReport(t, target)
		require.Len(t, rows, 2, "the link's target still holds yesterday's report")
		requireOnly(t, filepath.Join(dir, "reports"), "current.csv")
	})
	t.Run("target not there yet", func(t *testing.T) {
		dir := t.TempDir()
		require.NoError(t, os.Mkdir(filepath.Join(dir, "reports"), 0o755))
		link := filepath.Join(dir, "latest.csv")
		require.NoError(t, os.Symlink(filepath.Join("reports", "current.csv"), link))

		_, err := run(context.Background(), reportConfig(link), reconcileStream{n: 2}, memoryDB(t), &bytes.Buffer{}, false)
		require.NoError(t, err)

		requireLink(t, link)
		rows, _ := readReport(t, filepath.Join(dir, "reports", "current.csv"))
		require.Len(t, rows, 2)
	})
	t.Run("relative link in a linked directory", func(t *testing.T) {
		// out -> real/out; out/latest.csv -> ../reports/current.csv, which
		// the kernel reads as real/reports/current.csv, not reports/current.csv.
		dir := t.TempDir()
		for _, d := range []string{"real/out", "real/reports", "reports"} {
			require.NoError(t, os.MkdirAll(filepath.Join(dir, d), 0o755))
		}
		require.NoError(t, os.Symlink(filepath.Join(dir, "real", "out"), filepath.Join(dir, "out")))
		link := filepath.Join(dir, "out", "latest.csv")
		require.NoError(t, os.Symlink(filepath.Join("..", "reports", "current.csv"), link))

		_, err := run(context.Background(), reportConfig(link), reconcileStream{n: 2}, memoryDB(t), &bytes.Buffer{}, false)
		require.NoError(t, err)

		requireLink(t, link)
		rows, _ := readReport(t, filepath.Join(dir, "real", "reports", "current.csv"))
		require.Len(t, rows, 2)
		requireOnly(t, filepath.Join(dir, "reports"))
	})
}

// requireLink requires path to be a symbolic link still.
func requireLink(t *testing.T, path string) {
	t.Helper()
	st, err := os.Lstat(path)
	require.NoError(t, err)
	require.Equal(t, os.ModeSymlink, st.Mode().Type(), "the link was replaced by a regular file")
}
