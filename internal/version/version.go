// Package version holds the SDK's version, the single source for the
// User-Agent header and release tooling.
package version

// Version is the paykit release this code belongs to.
const Version = "0.1.0"
