// Package sql embeds the project's SQL text: the warehouse schema
// migrations per dialect (warehouse/<dialect>/NNN_name.sql), the bureau data
// contract's DDL (bureau/<dialect>.sql) and one query per indicator
// (indicators/<query>.sql, one per Indicator.Query of the library), the report extracts (extracts/<name>.sql) and the
// campaign rules both share (rules.sql).
package sql

import "embed"

// FS holds every SQL file of the project.
//
//go:embed warehouse bureau indicators extracts rules.sql
var FS embed.FS
