// Command tlogcheck verifies the gateway's transparency log with Go's stock checksum-database
// packages only: golang.org/x/mod/sumdb/note checks the signed checkpoint, and
// golang.org/x/mod/sumdb/tlog checks an inclusion or a consistency proof against it.
//
// Usage:
//
//	tlogcheck -key vkey.txt -checkpoint checkpoint.note -inclusion proof.json
//	tlogcheck -key vkey.txt -checkpoint new.note -old old.note -consistency proof.json
//
// It exits 0 when everything verifies, 1 when something does not (saying what on stderr) and 2
// on bad usage. See README.md for the file formats.
package main

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type checkpoint struct {
	origin string
	size   int64
	root   tlog.Hash
}

type inclusionProof struct {
	Hash      string   `json:"hash"`
	LeafIndex int64    `json:"leafIndex"`
	TreeSize  int64    `json:"treeSize"`
	LeafHash  string   `json:"leafHash"`
	Hashes    []string `json:"hashes"`
}

type consistencyProof struct {
	Hash    string   `json:"hash"`
	OldSize int64    `json:"oldSize"`
	NewSize int64    `json:"newSize"`
	Hashes  []string `json:"hashes"`
}

func main() {
	keyFile := flag.String("key", "", "file holding the verifier key (name+hash+base64)")
	cpFile := flag.String("checkpoint", "", "the (newer) signed checkpoint note")
	oldFile := flag.String("old", "", "the older signed checkpoint note, for -consistency")
	inclusionFile := flag.String("inclusion", "", "an inclusion proof (JSON)")
	consistencyFile := flag.String("consistency", "", "a consistency proof (JSON)")
	flag.Parse()

	if *keyFile == "" || *cpFile == "" || (*inclusionFile == "") == (*consistencyFile == "") ||
		(*consistencyFile != "" && *oldFile == "") {
		fmt.Fprintln(os.Stderr, "usage: tlogcheck -key F -checkpoint F (-inclusion F | -old F -consistency F)")
		os.Exit(2)
	}
	msg, err := run(*keyFile, *cpFile, *oldFile, *inclusionFile, *consistencyFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, "tlogcheck: "+err.Error())
		os.Exit(1)
	}
	fmt.Println("ok: " + msg)
}

func run(keyFile, cpFile, oldFile, inclusionFile, consistencyFile string) (string, error) {
	vkey, err := os.ReadFile(keyFile)
	if err != nil {
		return "", err
	}
	verifier, err := note.NewVerifier(strings.TrimSpace(string(vkey)))
	if err != nil {
		return "", fmt.Errorf("verifier key %s: %v", keyFile, err)
	}
	verifiers := note.VerifierList(verifier)
	cp, err := openCheckpoint(cpFile, verifiers)
	if err != nil {
		return "", err
	}
	if inclusionFile != "" {
		var p inclusionProof
		if err := readJSON(inclusionFile, &p); err != nil {
			return "", err
		}
		if err := checkHash(p.Hash); err != nil {
			return "", err
		}
		if p.TreeSize != cp.size {
			return "", fmt.Errorf("proof is for tree size %d, checkpoint has %d", p.TreeSize, cp.size)
		}
		leaf, err := decodeHash(p.LeafHash)
		if err != nil {
			return "", fmt.Errorf("leafHash: %v", err)
		}
		proof, err := decodeHashes(p.Hashes)
		if err != nil {
			return "", err
		}
		if err := tlog.CheckRecord(tlog.RecordProof(proof), cp.size, cp.root, p.LeafIndex, leaf); err != nil {
			return "", fmt.Errorf("leaf %d in tree size %d: %v", p.LeafIndex, cp.size, err)
		}
		return fmt.Sprintf("leaf %d is in %s at size %d", p.LeafIndex, cp.origin, cp.size), nil
	}
	old, err := openCheckpoint(oldFile, verifiers)
	if err != nil {
		return "", err
	}
	if old.origin != cp.origin {
		return "", fmt.Errorf("the checkpoints are of different logs: %q and %q", old.origin, cp.origin)
	}
	var p consistencyProof
	if err := readJSON(consistencyFile, &p); err != nil {
		return "", err
	}
	if err := checkHash(p.Hash); err != nil {
		return "", err
	}
	if p.OldSize != old.size || p.NewSize != cp.size {
		return "", fmt.Errorf("proof is for sizes %d to %d, checkpoints have %d and %d",
			p.OldSize, p.NewSize, old.size, cp.size)
	}
	proof, err := decodeHashes(p.Hashes)
	if err != nil {
		return "", err
	}
	if err := tlog.CheckTree(tlog.TreeProof(proof), cp.size, cp.root, old.size, old.root); err != nil {
		return "", fmt.Errorf("size %d to %d: %v", old.size, cp.size, err)
	}
	return fmt.Sprintf("%s at size %d extends size %d", cp.origin, cp.size, old.size), nil
}

// openCheckpoint verifies a signed note and reads the C2SP tlog-checkpoint in its text.
func openCheckpoint(file string, verifiers note.Verifiers) (checkpoint, error) {
	msg, err := os.ReadFile(file)
	if err != nil {
		return checkpoint{}, err
	}
	n, err := note.Open(msg, verifiers)
	if err != nil {
		return checkpoint{}, fmt.Errorf("checkpoint %s: %v", file, err)
	}
	lines := strings.SplitN(n.Text, "\n", 4)
	if len(lines) < 4 || lines[0] == "" {
		return checkpoint{}, fmt.Errorf("checkpoint %s: not origin, size and root hash lines", file)
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 {
		return checkpoint{}, fmt.Errorf("checkpoint %s: bad tree size %q", file, lines[1])
	}
	root, err := decodeHash(lines[2])
	if err != nil {
		return checkpoint{}, fmt.Errorf("checkpoint %s: root hash: %v", file, err)
	}
	return checkpoint{origin: lines[0], size: size, root: root}, nil
}

func readJSON(file string, v interface{}) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("proof %s: %v", file, err)
	}
	return nil
}

func checkHash(name string) error {
	if name != "SHA-256" {
		// tlog hashes with SHA-256 only: a gm-profile (SM3) tree cannot be checked here
		return fmt.Errorf("proof hash is %q; tlog checks SHA-256 trees only", name)
	}
	return nil
}

func decodeHash(text string) (tlog.Hash, error) {
	var h tlog.Hash
	b, err := base64.StdEncoding.DecodeString(text)
	if err != nil {
		return h, err
	}
	if len(b) != len(h) {
		return h, errors.New("not " + strconv.Itoa(len(h)) + " bytes")
	}
	copy(h[:], b)
	return h, nil
}

func decodeHashes(texts []string) ([]tlog.Hash, error) {
	hashes := make([]tlog.Hash, len(texts))
	for i, t := range texts {
		h, err := decodeHash(t)
		if err != nil {
			return nil, fmt.Errorf("hashes[%d]: %v", i, err)
		}
		hashes[i] = h
	}
	return hashes, nil
}
