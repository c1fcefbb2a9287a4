package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"zhengzhi"
	"zhengzhi/account"
	"zhengzhi/draw"
	"zhengzhi/internal/instance"
	"zhengzhi/pipeline"
)

// shortSeedChars is the length under which a seed the operator chose is
// warned about: a short seed may be guessed from its published digest, and
// whoever guesses it knows the counties before the draw.
const shortSeedChars = 16

func runDraw(ctx context.Context, e *env, args []string) (err error) {
	if len(args) > 0 && args[0] == "commit" {
		return runDrawCommit(ctx, e, args[1:])
	}
	fs, cfgPath := flags(e, "draw", "draw 1–2 counties per city for a month's supervision visits (随机抽查), reproducible from the seed;\n"+
		"zhengzhi draw commit first publishes the seed's digest, and the draw then takes only that seed")
	month := fs.String("month", "", "the month YYYY-MM (default: this month in the config's time zone)")
	seed := fs.String("seed", "", "any text; default: the month's recorded seed, or one derived from the month and the registry (a committed month needs its seed)")
	seedFile := fs.String("seed-file", "", "read the seed from this file's first line, as draw commit --seed-out wrote it (instead of --seed)")
	force := fs.Bool("force", false, "replace a month already drawn with another seed")
	format := formatFlag(fs, "table", "json")
	cfg, err := parse(fs, cfgPath, args)
	if err != nil {
		return err
	}
	if *month != "" {
		if _, err := draw.ParseMonth(*month); err != nil {
			return usageError{fmt.Errorf("--month: %w", err)}
		}
	}
	if *seedFile != "" {
		if *seed != "" {
			return usageError{errors.New("--seed 与 --seed-file 只能给一个")}
		}
		if *seed, err = readSeedFile(*seedFile); err != nil {
			return usageError{err}
		}
	}
	s, err := openDeployment(ctx, cfg, true)
	if err != nil {
		return err
	}
	defer s.Close()
	if *month == "" {
		*month = s.today().Format("2006-01")
	}
	log, err := s.openAuditLog(ctx)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, log.Close()) }()
	res, drawn, files, err := pipeline.New(cfg, s.w, s.reg, e.log).Draw(ctx, draw.Request{Month: *month, Seed: *seed, Force: *force}, time.Now())
	if auditErr := auditCLI(ctx, log, time.Now(), account.ActDraw, *month, drawOutcome(res, drawn, err)); auditErr != nil {
		return errors.Join(err, auditErr)
	}
	if err != nil {
		return err
	}
	if drawn {
		e.log.Info("draw stored", "month", res.Month, "seed", res.Seed)
	} else {
		e.log.Info("month already drawn with this seed: the stored draw, unchanged", "month", res.Month, "seed", res.Seed)
	}
	e.log.Info("draw written", "files", strings.Join(files, ", "))
	if format.value == "json" {
		return pipeline.WriteDrawJSON(e.stdout, res)
	}
	return writeDrawTable(e.stdout, s.reg, res)
}

// drawOutcome is a draw's outcome as the audit log keeps it: the seed's
// digest and whether it was committed before, or why the draw was refused
// or failed. A refusal never names the seed it was given.
func drawOutcome(res draw.Result, drawn bool, err error) string {
	var refused *draw.Refusal
	switch {
	case errors.As(err, &refused):
		return "拒绝：" + refused.Reason
	case err != nil && res.Month == "":
		return "失败：" + err.Error()
	}
	text := account.OutcomeOK
	if !drawn {
		text = "未变（该月已用同一种子抽取，重新发布）"
	}
	text += "：种子摘要 " + draw.Digest(res.Seed)
	if res.Commitment != nil {
		text += "，与抽取前的承诺一致"
	} else {
		text += "，抽取前未承诺"
	}
	if err != nil {
		text += "；发布失败：" + err.Error()
	}
	return text
}

// runDrawCommit commits a month to a seed before its draw: the seed's
// digest is stored and published, the seed kept by the operator.
func runDrawCommit(ctx context.Context, e *env, args []string) (err error) {
	fs, cfgPath := flags(e, "draw commit", "commit a month's draw to a seed before the draw: store and publish the seed's SHA-256 (output/draws/<month>-commitment.txt),\n"+
		"never the seed. Without --seed a random seed is made and written to --seed-out (mode 0600); keep it off this server,\n"+
		"and give it at the draw: zhengzhi draw --month M --seed-file FILE, which refuses any other seed")
	month := fs.String("month", "", "the month YYYY-MM to be drawn (required)")
	seed := fs.String("seed", "", "the seed the month will be drawn with (default: a new random one; a seed of your own must be unguessable)")
	seedOut := fs.String("seed-out", "", "with no --seed: the new file the generated seed is written to, readable by you only (required then)")
	force := fs.Bool("force", false, "replace the month's commitment to another seed: the digest published for it becomes void (audited)")
	cfg, err := parse(fs, cfgPath, args)
	if err != nil {
		return err
	}
	if _, err := draw.ParseMonth(*month); err != nil {
		return usageError{fmt.Errorf("--month: %w", err)}
	}
	switch {
	case *seed != "" && *seedOut != "":
		return usageError{errors.New("--seed-out 只用于命令生成的种子；自己给出 --seed 时种子由您保管，不另写文件")}
	case *seed == "" && *seedOut == "":
		return usageError{errors.New("需要 --seed-out FILE：生成的种子只写入该文件（仅本人可读），不显示也不存入仓库")}
	}
	if *seed != "" {
		if err := draw.CheckSeed(*seed); err != nil {
			return usageError{err}
		}
		if utf8.RuneCountInString(*seed) < shortSeedChars {
			e.log.Warn("种子较短：他人可能从公布的摘要反推出种子，从而在抽取前知道抽中的县；建议不给 --seed，由命令生成随机种子", "字符数", utf8.RuneCountInString(*seed))
		}
	}
	s, err := openDeployment(ctx, cfg, true)
	if err != nil {
		return err
	}
	defer s.Close()
	log, err := s.openAuditLog(ctx)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, log.Close()) }()
	generated := *seed == ""
	if generated {
		*seed = draw.NewSeed()
		if err := writeSeedFile(*seedOut, *seed); err != nil {
			return usageError{err}
		}
	}
	done, file, err := pipeline.New(cfg, s.w, s.reg, e.log).CommitDraw(ctx,
		draw.CommitRequest{Month: *month, Seed: *seed, Force: *force, By: cliAccount(), Process: instance.Name()}, time.Now())
	if generated && done.Commitment.Digest == "" {
		// Nothing was committed to the new seed: its file would only mislead.
		os.Remove(*seedOut)
	}
	if auditErr := auditCLI(ctx, log, time.Now(), account.ActDrawCommit, *month, commitOutcome(done, err)); auditErr != nil {
		return errors.Join(err, auditErr)
	}
	if err != nil {
		return err
	}
	c := done.Commitment
	at := c.CommittedAt.In(s.loc).Format("2006年1月2日 15:04")
	switch {
	case done.Unchanged:
		fmt.Fprintf(e.stdout, "%s 已承诺同一种子，未作改动。\n", *month)
	case done.Replaced != nil:
		fmt.Fprintf(e.stdout, "%s 的种子承诺已替换，原摘要 %s 作废；请在抽取前公布新的摘要。\n", *month, done.Replaced.Digest)
	default:
		fmt.Fprintf(e.stdout, "%s 已承诺随机种子；请在抽取前公布以下摘要。\n", *month)
	}
	fmt.Fprintf(e.stdout, "SHA-256 摘要：%s\n承诺时间：%s\n公布文件：%s\n", c.Digest, at, file)
	if generated {
		fmt.Fprintf(e.stdout, "种子已写入 %s（仅本人可读）：抽取前请离开本服务器妥善保管，抽取时运行 zhengzhi draw --month %s --seed-file %s\n", *seedOut, *month, *seedOut)
	}
	return nil
}

// commitOutcome is a commitment's outcome as the audit log keeps it: the
// digest committed and the one it replaced, or why it was refused or
// failed. It never holds the seed.
func commitOutcome(done draw.Committed, err error) string {
	var refused *draw.Refusal
	switch {
	case errors.As(err, &refused):
		return "拒绝：" + refused.Reason
	case err != nil && done.Commitment.Digest == "":
		return "失败：" + err.Error()
	}
	var text string
	switch {
	case done.Unchanged:
		text = "未变（已承诺同一种子）：摘要 " + done.Commitment.Digest
	case done.Replaced != nil:
		text = account.OutcomeOK + "：摘要 " + done.Commitment.Digest + "，替换原摘要 " + done.Replaced.Digest + "（原摘要作废）"
	default:
		text = account.OutcomeOK + "：摘要 " + done.Commitment.Digest
	}
	if err != nil {
		text += "；发布失败：" + err.Error()
	}
	return text
}

// writeSeedFile writes a generated seed to a new file only its owner can
// read; an existing file is never overwritten (it may hold another month's
// seed).
func writeSeedFile(path, seed string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("--seed-out: %w（种子文件须为新文件，不覆盖已有文件）", err)
	}
	if _, err := io.WriteString(f, seed+"\n"); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("--seed-out: %w", err)
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return fmt.Errorf("--seed-out: %w", err)
	}
	return nil
}

// readSeedFile reads a seed from a file's first line.
func readSeedFile(path string) (string, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("--seed-file: %w", err)
	}
	line, _, _ := strings.Cut(string(text), "\n")
	return strings.TrimSuffix(line, "\r"), nil
}

func writeDrawTable(w io.Writer, reg *zhengzhi.Registry, res draw.Result) error {
	fmt.Fprintf(w, "%s 随机抽查  种子: %s\n", res.Month, res.Seed)
	if res.Commitment != nil {
		fmt.Fprintf(w, "种子摘要与抽取前的承诺一致: %s\n", res.Commitment.Digest)
	} else {
		fmt.Fprintln(w, "抽取前未承诺种子（zhengzhi draw commit）")
	}
	fmt.Fprintf(w, "规则: 各市现有县（市、区）%d 个及以上抽 2 个，否则抽 1 个；上月已抽的县优先回避。\n\n", draw.TwoCountiesFrom)
	for _, p := range res.Picks {
		var names []string
		for _, c := range p.Counties {
			names = append(names, fmt.Sprintf("%s (%s)", reg.Name(c), c))
		}
		if len(names) == 0 {
			names = []string{"（无现有县）"}
		}
		if _, err := fmt.Fprintf(w, "%s (%s): %s\n", reg.Name(p.City), p.City, strings.Join(names, "、")); err != nil {
			return err
		}
	}
	return nil
}
