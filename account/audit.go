package account

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"

	"zhengzhi/warehouse"
)

// The audit actions.
const (
	ActLogin          = "login"            // 登录 (outcome ok, or why it failed)
	ActLockout        = "lockout"          // 账号锁定
	ActLogout         = "logout"           // 退出
	ActSessionEnded   = "session_end"      // 会话超时结束
	ActPasswordChange = "password_change"  // 修改密码
	ActTOTPEnroll     = "totp_enroll"      // 绑定动态口令
	ActPage           = "page"             // 单位页面
	ActDownload       = "download"         // 下载 (a complete one when the outcome is OutcomeOK)
	ActBundle         = "bundle"           // 打包下载 (every file of a date the account sees, one ZIP)
	ActPartial        = "partial"          // 部分下载 (a Range request answered 206)
	ActNotModified    = "not_modified"     // 未变更 (a conditional request answered 304)
	ActHead           = "head"             // 查询文件信息 (HEAD)
	ActAPI            = "api"              // 接口
	ActRefused        = "refused"          // 拒绝访问
	ActBusy           = "busy"             // 服务繁忙 (a login turned away: too many password checks at once)
	ActAccount        = "account"          // 账号管理
	ActAuditExport    = "audit_export"     // 导出审计日志
	ActNoticeRead     = "notice_read"      // 通知标为已读
	ActUploadPreview  = "upload_preview"   // 填报预览
	ActUploadConfirm  = "upload_confirm"   // 填报确认
	ActPublicize      = "period_publicize" // 公示
	ActReview         = "period_review"    // 进入复核
	ActFinalize       = "period_finalize"  // 定稿
	ActAppealFile     = "appeal_file"      // 提出申诉
	ActAppealEvidence = "appeal_evidence"  // 上传证明材料
	ActAppealRule     = "appeal_rule"      // 复核裁定
	ActDrawCommit     = "draw_commit"      // 承诺抽查种子 (the seed's digest stored and published before the draw)
	ActDraw           = "draw"             // 随机抽查 (a month drawn, or its stored draw published again)
)

// OutcomeOK is the outcome of an action that succeeded.
const OutcomeOK = "成功"

// ActionLabels are the actions' Chinese names, in the order the auditor's filter offers them.
var ActionLabels = []struct{ Action, Label string }{
	{ActLogin, "登录"}, {ActLockout, "账号锁定"}, {ActLogout, "退出"}, {ActSessionEnded, "会话结束"},
	{ActPasswordChange, "修改密码"}, {ActTOTPEnroll, "绑定动态口令"}, {ActPage, "查看页面"},
	{ActDownload, "下载"}, {ActBundle, "打包下载"}, {ActPartial, "部分下载"}, {ActNotModified, "未变更"}, {ActHead, "查询文件信息"},
	{ActAPI, "接口"}, {ActRefused, "拒绝访问"}, {ActBusy, "服务繁忙"}, {ActAccount, "账号管理"},
	{ActAuditExport, "导出审计日志"}, {ActNoticeRead, "通知标为已读"},
	{ActUploadPreview, "填报预览"}, {ActUploadConfirm, "填报确认"},
	{ActPublicize, "公示"}, {ActReview, "进入复核"}, {ActAppealFile, "提出申诉"},
	{ActAppealEvidence, "上传证明材料"}, {ActAppealRule, "复核裁定"}, {ActFinalize, "定稿"},
	{ActDrawCommit, "承诺抽查种子"}, {ActDraw, "随机抽查"},
}

// ActionLabel is an action's Chinese name.
func ActionLabel(action string) string {
	for _, a := range ActionLabels {
		if a.Action == action {
			return a.Label
		}
	}
	return action
}

// GenesisHash is the previous-row hash of the first row of the log.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// chainText is what a row's hash covers: the previous row's hash and the
// row's fields (seq, time, account, unit, client, action, target, outcome),
// each written as its length in bytes, ':', the value and a newline, so no
// two rows write the same text. The time is UTC at microseconds, as every
// engine gives it back.
func chainText(e warehouse.AuditEntry) []byte {
	var seq [20]byte
	b := make([]byte, 0, 256)
	for _, f := range [...]string{e.PrevHash, string(strconv.AppendInt(seq[:0], e.Seq, 10)),
		e.At.UTC().Truncate(time.Microsecond).Format("2006-01-02T15:04:05.000000Z"), e.Account, e.Unit,
		e.Client, e.Action, e.Target, e.Outcome} {
		b = strconv.AppendInt(b, int64(len(f)), 10)
		b = append(b, ':')
		b = append(b, f...)
		b = append(b, '\n')
	}
	return b
}

// KeyedHash is a row's hash: HMAC-SHA256, in hex, of its chain text under a
// key the warehouse does not hold, so whoever can write the database cannot
// recompute the chain.
func KeyedHash(key []byte, e warehouse.AuditEntry) string {
	m := hmac.New(sha256.New, key)
	m.Write(chainText(e))
	return hex.EncodeToString(m.Sum(nil))
}

// LegacyHash is the hash rows had before the chain was keyed: plain SHA-256
// of the same text. Only rows up to the legacy anchor (see Anchor) are
// checked by it.
func LegacyHash(e warehouse.AuditEntry) string {
	sum := sha256.Sum256(chainText(e))
	return hex.EncodeToString(sum[:])
}
