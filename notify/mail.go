package notify

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/wneessen/go-mail"

	"zhengzhi/warehouse"
)

// SMTP is the mail server notices are sent through.
type SMTP struct {
	Host     string
	Port     int
	From     string
	Username string
	Password string
	// StartTLS is "mandatory" (the default), "opportunistic" or "none".
	StartTLS string
}

// MailSender sends a notice as a short plain-text mail.
type MailSender struct {
	Server SMTP
	// Portal is the portal's address for a reader ("https://zhengzhi.example.cn"),
	// put before a notice's link; "" leaves the link as a path.
	Portal string
	// Now dates the message (a fake clock in tests).
	Now func() time.Time
}

// ValidAddress reports whether a mail address is one notices can be sent to
// without SMTPUTF8: some government mail servers refuse it, so an address
// is plain ASCII, local@domain.
func ValidAddress(addr string) bool {
	local, domain, ok := strings.Cut(addr, "@")
	if !ok || local == "" || domain == "" || strings.Contains(domain, "@") || !strings.Contains(domain, ".") {
		return false
	}
	for _, r := range addr {
		if r <= ' ' || r > '~' || strings.ContainsRune(`<>()[]\,;:"`, r) {
			return false
		}
	}
	return true
}

// Send mails one notice. The body is quoted-printable and the subject
// RFC 2047-encoded, so the message is 7-bit and needs neither 8BITMIME nor
// SMTPUTF8 from the server.
func (s MailSender) Send(ctx context.Context, n warehouse.Notice) error {
	if !ValidAddress(n.Address) {
		return fmt.Errorf("邮件地址无效：%s", n.Address)
	}
	m := mail.NewMsg(mail.WithEncoding(mail.EncodingQP), mail.WithCharset(mail.CharsetUTF8), mail.WithNoDefaultUserAgent())
	if err := m.From(s.Server.From); err != nil {
		return fmt.Errorf("发件地址无效：%s", s.Server.From)
	}
	if err := m.To(n.Address); err != nil {
		return fmt.Errorf("邮件地址无效：%s", n.Address)
	}
	m.Subject(n.Title)
	m.SetDateWithValue(s.Now())
	m.SetMessageIDWithValue(n.Key + "@zhengzhi")
	m.SetBodyString(mail.TypeTextPlain, n.Body+"\n\n"+s.Portal+n.Link+"\n")
	opts := []mail.Option{mail.WithPort(s.Server.Port), mail.WithTimeout(30 * time.Second), mail.WithoutSMTPUTF8()}
	switch s.Server.StartTLS {
	case "none":
		opts = append(opts, mail.WithTLSPortPolicy(mail.NoTLS), mail.WithPort(s.Server.Port))
	case "opportunistic":
		opts = append(opts, mail.WithTLSPolicy(mail.TLSOpportunistic))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if s.Server.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthPlain), mail.WithUsername(s.Server.Username), mail.WithPassword(s.Server.Password))
	}
	c, err := mail.NewClient(s.Server.Host, opts...)
	if err != nil {
		return fmt.Errorf("邮件服务器配置无效：%w", err)
	}
	if err := c.DialAndSendWithContext(ctx, m); err != nil {
		return s.plain(err)
	}
	return nil
}

// plain is a mail error as stored with the attempt: the server's answer
// or the network's failure, on one line, never the credentials.
func (s MailSender) plain(err error) error {
	if errors.Is(err, context.Canceled) {
		return err
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return errors.New("邮件服务器超时")
	}
	text := strings.Join(strings.Fields(err.Error()), " ")
	if s.Server.Password != "" {
		text = strings.ReplaceAll(text, s.Server.Password, "xxxxx")
	}
	return errors.New("邮件发送失败：" + text)
}
