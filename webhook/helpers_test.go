package webhook_test

import (
	"bytes"
	"fmt"
)

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
