// Package schema holds PortOne's V2 OpenAPI description, vendored from
// PortOne's public developer documentation (see README.md in this
// directory for its source and version). The generator in
// portone/internal/gen and the schema-drift tests read it from here, so
// neither needs anything outside the repository.
package schema

import _ "embed"

// JSON is the OpenAPI 3.0.3 document, byte for byte as PortOne publishes
// it.
//
//go:embed v2.openapi.json
var JSON []byte
