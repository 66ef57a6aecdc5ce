package commerce

import (
	"os"
	"testing"

	"github.com/paykit-kr/paykit/internal/wiretest"
)

// wireCoverage collects the endpoints the wire tests request: every
// endpoint the package declares.
var wireCoverage = wiretest.NewCoverage(wiretest.Endpoints(&orderEndpoints, &orderCancellationEndpoints, &invoiceEndpoints,
	&subscriptionEndpoints, &subscriptionBillEndpoints, &productEndpoints, &userEndpoints, &userGroupEndpoints, &storeEndpoints)...)

// TestMain fails a full run when a declared endpoint was requested by no
// wire test.
func TestMain(m *testing.M) { os.Exit(wireCoverage.Run(m)) }

// TestEndpointsAreWellDeclared: unique operation names, known methods and
// classes, routes whose placeholders fill whole segments.
func TestEndpointsAreWellDeclared(t *testing.T) { wiretest.CheckDeclared(t, wireCoverage.Endpoints()) }

// TestServiceMethodsCiteTheAPIDocs: every public service method cites
// Commerce's public docs.
func TestServiceMethodsCiteTheAPIDocs(t *testing.T) {
	wiretest.CheckDocLinks(t, "https://commerce.bootpay.ai/")
}
