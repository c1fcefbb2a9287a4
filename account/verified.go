package account

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Verified is the last verification of the audit log — by `zhengzhi audit
// verify` or the auditor's page — kept in a file beside the anchor file
// (VerifiedFile), outside the warehouse like the anchors, so the auditor's
// page shows when it last ran and what it found, whoever ran it, across
// restarts.
type Verified struct {
	At time.Time `json:"at"`
	// By says who ran it: 命令行 or the auditor's login.
	By string `json:"by"`
	AuditCheck
}

// VerifiedFile is where the last verification is kept: the anchor file's
// name with ".verified.json".
func (f AuditFiles) VerifiedFile() string { return f.AnchorFile + ".verified.json" }

// SaveVerified keeps a verification, replacing the one before in one
// rename, so a reader never sees half of it.
func SaveVerified(files AuditFiles, v Verified) error {
	text, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	path := files.VerifiedFile()
	tmp, err := os.CreateTemp(filepath.Dir(path), ".verified-*")
	if err != nil {
		return fmt.Errorf("audit log: keep the verification: %w", err)
	}
	if _, err := tmp.Write(append(text, '\n')); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("audit log: keep the verification: %w", err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("audit log: keep the verification: %w", err)
	}
	return nil
}

// LastVerified is the last verification kept, nil when none was.
func LastVerified(files AuditFiles) (*Verified, error) {
	text, err := os.ReadFile(files.VerifiedFile())
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var v Verified
	if err := json.Unmarshal(text, &v); err != nil {
		return nil, fmt.Errorf("audit log: %s: %w", files.VerifiedFile(), err)
	}
	return &v, nil
}
