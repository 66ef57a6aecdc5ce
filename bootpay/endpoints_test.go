package bootpay

import (
	"os"
	"testing"

	"github.com/paykit-kr/paykit/internal/wiretest"
)

// wireCoverage collects the endpoints the wire tests of this package
// request (see newWireServer): every endpoint the package declares.
var wireCoverage = wiretest.NewCoverage(wiretest.Endpoints(&receiptEndpoints, &tokenEndpoint,
	&billingEndpoints, &certificateEndpoints, &cashReceiptEndpoints, &escrowEndpoints, &userEndpoints, &paymentEndpoints)...)

// TestMain fails a full run of the package's tests when a declared
// endpoint was requested by no wire test.
func TestMain(m *testing.M) { os.Exit(wireCoverage.Run(m)) }

// TestEndpointsAreWellDeclared: every endpoint has a unique operation
// name, a known method and retry class, and a route whose placeholders
// each fill one whole path segment.
func TestEndpointsAreWellDeclared(t *testing.T) { wiretest.CheckDeclared(t, wireCoverage.Endpoints()) }

// TestServiceMethodsCiteTheAPIDocs: every public method of a service cites
// Bootpay's public API docs.
func TestServiceMethodsCiteTheAPIDocs(t *testing.T) {
	wiretest.CheckDocLinks(t, "https://developers.bootpay.co.kr/pg/")
}
