package portone

import (
	"os"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paykit-kr/paykit/internal/transport"
	"github.com/paykit-kr/paykit/internal/wiretest"
)

// allEndpoints is every endpoint the package declares: each field of each
// service's endpoint table, found by reflection so that an endpoint added
// to a table is covered without being listed again.
func allEndpoints() []*transport.Endpoint {
	var eps []*transport.Endpoint
	for _, table := range []any{
		&paymentEndpoints, &billingKeyEndpoints, &paymentScheduleEndpoints,
		&cashReceiptEndpoints, &identityVerificationEndpoints, &authEndpoints,
	} {
		v := reflect.ValueOf(table).Elem()
		for i := range v.NumField() {
			// The fields are unexported; UnsafePointer reads them anyway.
			eps = append(eps, (*transport.Endpoint)(v.Field(i).Addr().UnsafePointer()))
		}
	}
	return eps
}

// wireCoverage collects the endpoints the wire tests of this package
// request (see newWireServer).
var wireCoverage = wiretest.NewCoverage(allEndpoints()...)

// TestMain fails a full run of the package's tests when a declared
// endpoint was requested by no wire test.
func TestMain(m *testing.M) { os.Exit(wireCoverage.Run(m)) }

// TestEndpointsAreWellDeclared: every endpoint has a unique operation
// name, a known method and retry class, and a route whose placeholders
// each fill one whole path segment.
func TestEndpointsAreWellDeclared(t *testing.T) {
	eps := allEndpoints()
	require.NotEmpty(t, eps)
	ops := map[string]bool{}
	for _, ep := range eps {
		assert.NoError(t, ep.Check())
		assert.False(t, ops[ep.Op], "operation %q is declared twice", ep.Op)
		ops[ep.Op] = true
	}
}
