package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
	"unicode/utf8"

	"zhengzhi"
	"zhengzhi/warehouse"
)

// The group-robot platforms.
const (
	DingTalk = "dingtalk" // 钉钉
	WeCom    = "wecom"    // 企业微信
	Feishu   = "feishu"   // 飞书
	Webhook  = "webhook"  // a generic JSON webhook
)

// RobotKinds lists the platforms a robot may be.
var RobotKinds = []string{DingTalk, WeCom, Feishu, Webhook}

// RobotConfig is one office's group robot.
type RobotConfig struct {
	// Name identifies the robot in the outbox; the URL and secret never go there.
	Name string
	// Unit is the office: the robot hears what that unit's account would see.
	Unit string
	Kind string
	// URL is the webhook address, the platform's or a private instance's.
	URL    string
	Secret string
}

// PerMinute is the platform's limit on messages a minute: 20 for 钉钉 and
// 企业微信, 100 for 飞书, none for a generic webhook.
func (r RobotConfig) PerMinute() int {
	switch r.Kind {
	case DingTalk, WeCom:
		return 20
	case Feishu:
		return 100
	}
	return 0
}

// maxBytes is the largest text the platform takes in one message.
func (r RobotConfig) maxBytes() int {
	switch r.Kind {
	case DingTalk:
		return 20000
	case WeCom:
		return 2048
	case Feishu:
		return 15000
	}
	return 16000
}

// RobotSender posts notices to the robots it knows by name.
type RobotSender struct {
	Robots map[string]RobotConfig
	Client *http.Client
	// Portal is put before a notice's link.
	Portal string
	Now    func() time.Time
}

// Send posts one notice to its robot, signed as the platform requires.
func (s RobotSender) Send(ctx context.Context, n warehouse.Notice) error {
	r, ok := s.Robots[n.Address]
	if !ok {
		return fmt.Errorf("未配置群机器人：%s", n.Address)
	}
	text := fitBytes(n.Title+"\n"+n.Body+"\n"+s.Portal+n.Link, r.maxBytes())
	target, body, err := s.message(r, n, text)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return errors.New("群机器人地址无效")
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	client := s.Client
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := client.Do(req)
	if err != nil {
		// The URL (and with it a token) is in a *url.Error's text: keep the cause only.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		if errors.Is(err, context.Canceled) {
			return err
		}
		return fmt.Errorf("群机器人无法连接：%s", zhengzhi.Clip(err.Error(), 200, "…"))
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("群机器人返回 HTTP %d", resp.StatusCode)
	}
	return platformAnswer(r.Kind, answer)
}

// message is the platform's request: where to post and what.
func (s RobotSender) message(r RobotConfig, n warehouse.Notice, text string) (string, []byte, error) {
	now := s.Now()
	target := r.URL
	var msg any
	switch r.Kind {
	case DingTalk:
		msg = map[string]any{"msgtype": "text", "text": map[string]string{"content": text}}
		if r.Secret != "" {
			ts := strconv.FormatInt(now.UnixMilli(), 10)
			u, err := url.Parse(r.URL)
			if err != nil {
				return "", nil, errors.New("群机器人地址无效")
			}
			q := u.Query()
			q.Set("timestamp", ts)
			q.Set("sign", DingTalkSign(ts, r.Secret))
			u.RawQuery = q.Encode()
			target = u.String()
		}
	case WeCom:
		msg = map[string]any{"msgtype": "text", "text": map[string]string{"content": text}}
	case Feishu:
		m := map[string]any{"msg_type": "text", "content": map[string]string{"text": text}}
		if r.Secret != "" {
			ts := strconv.FormatInt(now.Unix(), 10)
			m["timestamp"] = ts
			m["sign"] = FeishuSign(ts, r.Secret)
		}
		msg = m
	default:
		msg = map[string]string{"title": n.Title, "text": n.Body, "link": s.Portal + n.Link, "kind": n.Kind, "unit": n.Unit}
	}
	body, err := json.Marshal(msg)
	return target, body, err
}

// DingTalkSign is 钉钉's signature: base64 of HMAC-SHA256 over
// "timestamp\nsecret" keyed by the secret (url.Values encodes it in the query).
func DingTalkSign(timestamp, secret string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(timestamp + "\n" + secret))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// FeishuSign is 飞书's signature: base64 of HMAC-SHA256 keyed by
// "timestamp\nsecret" over nothing; the timestamp is in seconds.
func FeishuSign(timestamp, secret string) string {
	mac := hmac.New(sha256.New, []byte(timestamp+"\n"+secret))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// platformAnswer reads a 200 answer: 钉钉 and 企业微信 say errcode, 飞书 code;
// anything but 0 is a failure.
func platformAnswer(kind string, answer []byte) error {
	if kind == Webhook {
		return nil
	}
	var a struct {
		ErrCode *int   `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
		Code    *int   `json:"code"`
		Msg     string `json:"msg"`
	}
	if err := json.Unmarshal(answer, &a); err != nil {
		return errors.New("群机器人的应答无法识别")
	}
	switch {
	case a.ErrCode != nil && *a.ErrCode != 0:
		return fmt.Errorf("群机器人拒收：%d %s", *a.ErrCode, zhengzhi.Clip(a.ErrMsg, 200, "…"))
	case a.Code != nil && *a.Code != 0:
		return fmt.Errorf("群机器人拒收：%d %s", *a.Code, zhengzhi.Clip(a.Msg, 200, "…"))
	}
	return nil
}

// fitBytes cuts a text to at most n bytes of UTF-8, whole characters, with "…".
func fitBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
