package account

import (
	"context"
	"errors"
	"time"

	"zhengzhi/warehouse"
)

// DemoAccount is one of the demo's accounts, with its published password
// and, for the duties that need one, its second factor's secret.
type DemoAccount struct {
	Login, Password, Unit, Role string
	Admin, Auditor              bool
	TOTPSecret                  string
}

// demoAccounts are the demo's accounts: one per role, a second city (to see
// one city refused another's files), and the admin and the auditor, whose
// second-factor secrets are published with their passwords. Only a config
// with demo: true makes them.
var demoAccounts = []DemoAccount{
	{Login: "sheng", Password: "Demo#2026-Prov", Unit: "990000", Role: RoleProvince},
	{Login: "lingdao", Password: "Demo#2026-Lead", Unit: "990000", Role: RoleLeader},
	{Login: "dongchuan", Password: "Demo#2026-City", Unit: "990100", Role: RoleCity},
	{Login: "linjiang", Password: "Demo#2026-City2", Unit: "990200", Role: RoleCity},
	{Login: "xingshan", Password: "Demo#2026-County", Unit: "990102", Role: RoleCounty},
	{Login: "guanli", Password: "Demo#2026-Admin", Unit: "990000", Role: RoleProvince, Admin: true,
		TOTPSecret: "PJUGK3THPJUGSLLEMVWW6LLBMRWWS3RB"},
	{Login: "shenji", Password: "Demo#2026-Audit", Unit: "990000", Role: RoleProvince, Auditor: true,
		TOTPSecret: "PJUGK3THPJUGSLLEMVWW6LLBOVSGS5BB"},
}

// DemoAccounts creates the demo accounts, or puts existing ones back as
// published (password, unit, role, duties, second factor; enabled and
// unlocked), so the printed passwords always work, and returns them.
func DemoAccounts(ctx context.Context, w *warehouse.Warehouse, access Access, now time.Time) ([]DemoAccount, error) {
	for _, d := range demoAccounts {
		if !access.ValidAccount(d.Unit, d.Role) {
			return nil, errors.New("demo accounts: the registry is not the demo province's")
		}
		hash, err := HashPassword(d.Password)
		if err != nil {
			return nil, err
		}
		a, err := w.AccountByLogin(ctx, d.Login)
		switch {
		case errors.Is(err, warehouse.ErrNoAccount):
			_, err = w.CreateAccount(ctx, warehouse.Account{Login: d.Login, Unit: d.Unit, Role: d.Role, Admin: d.Admin,
				Auditor: d.Auditor, Demo: true, PasswordHash: hash, PasswordChangedAt: now, TOTPSecret: d.TOTPSecret, CreatedAt: now}, PasswordsRemembered)
		case err == nil:
			err = errors.Join(w.SetPassword(ctx, a.ID, hash, false, now, PasswordsRemembered), w.SetTOTPSecret(ctx, a.ID, d.TOTPSecret),
				w.SetAccountDuties(ctx, a.ID, d.Unit, d.Role, d.Admin, d.Auditor), w.SetDisabled(ctx, a.ID, false))
		}
		if err != nil {
			return nil, err
		}
	}
	return demoAccounts, nil
}

// DemoAccountList lists the demo accounts as published.
func DemoAccountList() []DemoAccount { return append([]DemoAccount(nil), demoAccounts...) }
