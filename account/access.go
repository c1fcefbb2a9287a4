package account

import (
	"slices"

	"zhengzhi"
	"zhengzhi/publish"
	"zhengzhi/warehouse"
)

// Who may see what is decided here and nowhere else: every page, download
// and API answer of the portal asks these functions, and each answers false
// unless the account's role, its unit and the thing asked for fit one of the
// rules.

// The roles of the spec (门户角色).
const (
	RoleProvince = "province" // 省局专项办
	RoleLeader   = "leader"   // 局领导
	RoleCity     = "city"     // 市局
	RoleCounty   = "county"   // 县局
)

// Roles lists the roles in the order forms offer them.
var Roles = []string{RoleProvince, RoleLeader, RoleCity, RoleCounty}

// RoleLabel is a role's Chinese name.
func RoleLabel(role string) string {
	switch role {
	case RoleProvince:
		return "省局专项办"
	case RoleLeader:
		return "局领导"
	case RoleCity:
		return "市局"
	case RoleCounty:
		return "县局"
	}
	return role
}

// Access applies the rules to one account against the registry.
type Access struct {
	reg *zhengzhi.Registry
}

// NewAccess is the access rule over a registry.
func NewAccess(reg *zhengzhi.Registry) Access { return Access{reg: reg} }

// home is the account's unit when the account's role fits its unit's level
// (a province role at the province, a city role at a city, a county role at
// a county); an account that does not fit sees nothing.
func (a Access) home(acct *warehouse.Account) (zhengzhi.Unit, bool) {
	if acct == nil || acct.Disabled {
		return zhengzhi.Unit{}, false
	}
	u, ok := a.reg.Unit(acct.Unit)
	if !ok {
		return zhengzhi.Unit{}, false
	}
	switch acct.Role {
	case RoleProvince, RoleLeader:
		return u, u.Level == zhengzhi.LevelProvince
	case RoleCity:
		return u, u.Level == zhengzhi.LevelCity
	case RoleCounty:
		return u, u.Level == zhengzhi.LevelCounty
	}
	return zhengzhi.Unit{}, false
}

// ValidAccount reports whether a role fits a unit: what accounts may be made with.
func (a Access) ValidAccount(unit, role string) bool {
	_, ok := a.home(&warehouse.Account{Unit: unit, Role: role})
	return ok
}

// provinceWide reports whether the account holds a province role.
func (a Access) ProvinceWide(acct *warehouse.Account) bool {
	_, ok := a.home(acct)
	return ok && (acct.Role == RoleProvince || acct.Role == RoleLeader)
}

// Sees is the one rule for a unit's pages and files: the unit is the
// account's unit or lies under it. A unit missing from the registry (or "")
// is seen by the province roles only.
func (a Access) Sees(acct *warehouse.Account, unit string) bool {
	home, ok := a.home(acct)
	if !ok {
		return false
	}
	if a.ProvinceWide(acct) {
		return true
	}
	u, known := a.reg.Unit(unit)
	if !known {
		return false
	}
	if u.Code == home.Code {
		return true
	}
	return home.Level == zhengzhi.LevelCity && u.Level == zhengzhi.LevelCounty && u.Parent == home.Code
}

// addressedTo names the province documents issued beyond the province
// office, by kind, and the levels they are addressed to. The year-end 通报
// is issued to the city bureaus and ranks the counties too, so both levels
// read it, in each of its forms (the PDF and the Word copy), and the 评分细则
// that goes with it likewise. Every other province file stays the province's.
var addressedTo = map[string][]zhengzhi.Level{
	publish.KindSummary:          {zhengzhi.LevelCity, zhengzhi.LevelCounty},
	publish.KindSummaryWord:      {zhengzhi.LevelCity, zhengzhi.LevelCounty},
	publish.KindScoringRules:     {zhengzhi.LevelCity, zhengzhi.LevelCounty},
	publish.KindScoringRulesWord: {zhengzhi.LevelCity, zhengzhi.LevelCounty},
}

// SeesFile is the rule for a file listed in a manifest: its unit is seen,
// or it is a province document of a kind addressed to the account's level.
func (a Access) SeesFile(acct *warehouse.Account, f publish.File) bool {
	if a.Sees(acct, f.Unit) {
		return true
	}
	home, ok := a.home(acct)
	if !ok || f.Unit != a.reg.Province.Code {
		return false
	}
	return slices.Contains(addressedTo[f.Kind], home.Level)
}

// UnitSeesFile reports whether the accounts of a unit may download a file:
// every account of a unit sees the same files (the province's two roles
// alike), so a unit's bundle is known from the unit alone.
func (a Access) UnitSeesFile(unit string, f publish.File) bool {
	u, ok := a.reg.Unit(unit)
	if !ok {
		return false
	}
	role := map[zhengzhi.Level]string{zhengzhi.LevelProvince: RoleProvince, zhengzhi.LevelCity: RoleCity, zhengzhi.LevelCounty: RoleCounty}[u.Level]
	return a.SeesFile(&warehouse.Account{Unit: unit, Role: role}, f)
}

// Addressed reports whether a kind of province document is issued to the
// levels below the province (the 通报 and its 评分细则).
func Addressed(kind string) bool { return len(addressedTo[kind]) > 0 }

// SeesRanking reports whether the account reads the ranking tables of a
// level: the province roles all, a city the cities', a county the counties'.
func (a Access) SeesRanking(acct *warehouse.Account, level zhengzhi.Level) bool {
	home, ok := a.home(acct)
	if !ok {
		return false
	}
	return a.ProvinceWide(acct) || home.Level == level
}

// SeesOperations reports whether the account sees the province office's
// pages: the bureaus' pulls, the job ledger and the draws (a county must not
// learn in advance that it will be visited).
func (a Access) SeesOperations(acct *warehouse.Account) bool {
	return a.ProvinceWide(acct) && acct.Role == RoleProvince
}

// Uploads reports whether the account may download a unit's 填报 template
// and upload its workbook: a city or county account for its own unit, the
// province office for any unit it sees.
func (a Access) Uploads(acct *warehouse.Account, unit string) bool {
	if !a.Sees(acct, unit) {
		return false
	}
	return acct.Role == RoleProvince || ((acct.Role == RoleCity || acct.Role == RoleCounty) && acct.Unit == unit)
}

// Leads reports whether the account is leadership's (局领导): its home page
// is the year-end summary and the rankings.
func (a Access) Leads(acct *warehouse.Account) bool {
	_, ok := a.home(acct)
	return ok && acct.Role == RoleLeader
}

// Administers reports whether the account manages accounts. An account
// that holds both duties (made before they were kept apart) has neither:
// the rule fails closed until one duty is taken away at the server.
func (a Access) Administers(acct *warehouse.Account) bool {
	_, ok := a.home(acct)
	return ok && acct.Admin && !acct.Auditor
}

// Audits reports whether the account reads the audit log (and not also
// manages accounts: see Administers).
func (a Access) Audits(acct *warehouse.Account) bool {
	_, ok := a.home(acct)
	return ok && acct.Auditor && !acct.Admin
}

// Units lists the units whose pages the account sees, in registry order:
// the province roles every city and county, a city itself and its counties,
// a county itself.
func (a Access) Units(acct *warehouse.Account) []zhengzhi.Unit {
	var out []zhengzhi.Unit
	for _, level := range []zhengzhi.Level{zhengzhi.LevelCity, zhengzhi.LevelCounty} {
		for _, u := range a.reg.Units(level) {
			if a.Sees(acct, u.Code) {
				out = append(out, u)
			}
		}
	}
	return out
}
