// Package sqlfiles embeds the project's SQL text: the warehouse schema
// migrations per dialect (warehouse/<dialect>/NNN_name.sql), the bureau data
// contract's DDL (bureau/<dialect>.sql) and one query per indicator
// (indicators/<name>.sql), the report extracts (extracts/<name>.sql) and the
// campaign rules both share (rules.sql).
package sqlfiles

import "embed"

// FS holds every SQL file of the project.
//
//go:embed warehouse bureau indicators extracts rules.sql
var FS embed.FS
