// Package account owns the portal's accounts and the audit log's rules: the
// roles and the two duties (admin, auditor) and their separation (三员), the
// access rule (who may see what), the password and lockout policy, the
// second factor, and the keyed, anchored hash chain of the audit log. The
// warehouse only stores their rows; the portal only speaks HTTP and asks
// this package; `zhengzhi user` and `zhengzhi audit` use it at the server.
package account

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"zhengzhi"
	"zhengzhi/warehouse"
)

// Account is one person's account as the warehouse stores it; every rule
// about it is in this package.
type Account = warehouse.Account

// ErrInvalidAccount marks an account the rules refuse to make.
var ErrInvalidAccount = errors.New("账号无效")

// ErrBothDuties refuses an account with both the admin and the auditor
// duty: the one who manages accounts must not also read the log of what
// they did (三员分立).
var ErrBothDuties = fmt.Errorf("%w：同一账号不得同时担任管理员和审计员", ErrInvalidAccount)

// ErrServerOnly refuses, on the portal, an act on an account with the
// auditor duty: only `zhengzhi user …` at the server makes, resets,
// unlocks or disables an auditor, so the admin can never become one.
var ErrServerOnly = errors.New("审计员账号只能在服务器上用 zhengzhi user 命令管理")

// ServerOnly reports whether an account may be managed at the server only.
func ServerOnly(a *Account) bool { return a.Auditor }

// Created is the audit log's outcome of a new account: its unit, role and
// duties.
func Created(reg *zhengzhi.Registry, a Account) string {
	return fmt.Sprintf("%s：%s，%s，管理员=%v，审计员=%v", OutcomeOK, reg.Name(a.Unit), RoleLabel(a.Role), a.Admin, a.Auditor)
}

// New makes an account with a password — temporary when a.PasswordTemporary,
// so it must be changed at the first login. The role must fit the unit and
// the account may not hold both duties; the CLI and the admin page both
// make accounts here.
func New(ctx context.Context, w *warehouse.Warehouse, access Access, a Account, password string, now time.Time) (int64, error) {
	if !access.ValidAccount(a.Unit, a.Role) {
		return 0, fmt.Errorf("%w：角色 %s 与单位 %s 不符（省局专项办、局领导属于省，市局属于市，县局属于县）", ErrInvalidAccount, a.Role, a.Unit)
	}
	if a.Admin && a.Auditor {
		return 0, ErrBothDuties
	}
	if a.Login == "" || len(a.Login) > 64 || strings.ContainsAny(a.Login, " \t\r\n") {
		return 0, fmt.Errorf("%w：登录名 %q 须为 1–64 个字符，不含空白", ErrInvalidAccount, a.Login)
	}
	if err := CheckPasswordRules(a.Login, password); err != nil {
		return 0, err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return 0, err
	}
	a.PasswordHash, a.PasswordChangedAt, a.CreatedAt = hash, now, now
	return w.CreateAccount(ctx, a, PasswordsRemembered)
}

// SetPassword gives an account a new password after checking the rules and
// the account's last five passwords — temporary after a reset, so it must
// be changed at the next login — unlocks it and ends its sessions.
func SetPassword(ctx context.Context, w *warehouse.Warehouse, a Account, password string, temporary bool, now time.Time) error {
	if err := checkNewPassword(ctx, w, &a, password); err != nil {
		return err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	if err := w.SetPassword(ctx, a.ID, hash, temporary, now, PasswordsRemembered); err != nil {
		return err
	}
	return w.EndWebSessions(ctx, a.ID)
}

// SetDisabled disables or enables an account; disabling ends its sessions.
func SetDisabled(ctx context.Context, w *warehouse.Warehouse, id int64, disabled bool) error {
	if err := w.SetDisabled(ctx, id, disabled); err != nil || !disabled {
		return err
	}
	return w.EndWebSessions(ctx, id)
}

// Unlock ends an account's lockout and forgets its failed logins.
func Unlock(ctx context.Context, w *warehouse.Warehouse, id int64) error {
	return w.SetFailedLogins(ctx, id, 0, time.Time{})
}

// PasswordsRemembered is how many of an account's passwords are kept, so
// that none of them is chosen again.
const PasswordsRemembered = 5

// checkNewPassword applies the rules and refuses the account's last
// PasswordsRemembered passwords.
func checkNewPassword(ctx context.Context, w *warehouse.Warehouse, acct *Account, password string) error {
	if err := CheckPasswordRules(acct.Login, password); err != nil {
		return err
	}
	recent, err := w.RecentPasswords(ctx, acct.ID, PasswordsRemembered)
	if err != nil {
		return err
	}
	for _, h := range recent {
		if CheckPassword(h, password) {
			return errReused
		}
	}
	return nil
}
