// Package zhengzhi is the domain of the provincial campaign against quality and
// safety hazards in four key industrial products (重点产品风险隐患专项整治):
// the administrative units and their registry, the bureau data contract's
// enumerations, the indicator library, rule sets and the scoring arithmetic of
// the annual target-responsibility (目标责任制考核) and safe city/county
// (平安市县考核) assessments.
//
// The package is plain Go: it does no I/O and imports nothing else from the
// project. Storage, reports and schedules live in subpackages that depend on it.
package zhengzhi
