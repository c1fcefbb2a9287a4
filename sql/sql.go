// Package sql embeds the project's SQL text: the warehouse schema
// migrations (warehouse/NNN_name.sql, one text for every engine, or
// warehouse/<dialect>/NNN_name.sql, one per engine), one query per
// indicator (indicators/<query>.sql, one per Indicator.Query of the
// library), the report extracts (extracts/<name>.sql) and the campaign rules
// both share (rules.sql). The bureau data contract's DDL is not here: it is
// made from the contract's one definition (seed.ContractDDL).
package sql

import "embed"

// FS holds every SQL file of the project.
//
//go:embed warehouse indicators extracts rules.sql
var FS embed.FS
