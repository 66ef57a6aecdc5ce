package doccheck

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"sort"
)

// droppedErrors reports the errors a file drops that the compiler lets
// through ("declared and not used" covers only a variable never read at
// all):
//
//   - an error result assigned to the blank identifier: `c, _ := Cancel(...)`;
//   - an error variable assigned, then assigned again on some path before
//     anything read it: the next call's `x, err :=`, in the same block or
//     in a branch, and an assignment in a loop's body that the next turn
//     assigns again (every cancel but the last may have failed);
//   - an error variable assigned and then, on some path, never read before
//     the function returns or its block ends.
//
// unused are the variables the compiler already reports as declared and not
// used: their last assignment is not reported twice. A variable whose
// address is taken or that a function literal uses is not followed (what
// reads it cannot be told from here), nor is a function that uses goto.
func droppedErrors(fset *token.FileSet, f *ast.File, info *types.Info, unused map[types.Object]bool) []error {
	var found []droppedError
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if n.Body != nil {
				found = append(found, errorFlow(n.Type, n.Body, info, unused)...)
			}
		case *ast.FuncLit:
			found = append(found, errorFlow(n.Type, n.Body, info, unused)...)
		case *ast.AssignStmt:
			found = append(found, blankErrors(n.Lhs, n.Rhs, info)...)
		case *ast.ValueSpec:
			lhs := make([]ast.Expr, len(n.Names))
			for i, id := range n.Names {
				lhs[i] = id
			}
			found = append(found, blankErrors(lhs, n.Values, info)...)
		}
		return true
	})
	sort.SliceStable(found, func(i, j int) bool { return found[i].pos < found[j].pos })
	errs := make([]error, len(found))
	for i, d := range found {
		errs[i] = fmt.Errorf("%s: %s", fset.Position(d.pos), d.why(fset))
	}
	return errs
}

// A droppedError is one finding of droppedErrors.
type droppedError struct {
	pos  token.Pos
	name string    // the variable, or the call whose error went to _
	by   token.Pos // what overwrote it; NoPos when nothing read it before the end
	kind int
}

const (
	droppedOverwritten = iota
	droppedAtEnd
	droppedToBlank
)

func (d droppedError) why(fset *token.FileSet) string {
	switch d.kind {
	case droppedOverwritten:
		if d.by == d.pos {
			return fmt.Sprintf("%s assigned here is never read: the loop's next turn overwrites it", d.name)
		}
		return fmt.Sprintf("%s assigned here is never read: %s overwrites it", d.name, fset.Position(d.by))
	case droppedAtEnd:
		return fmt.Sprintf("%s assigned here is never read: a path reaches a return or the end of its block first", d.name)
	}
	return fmt.Sprintf("the error %s returns is assigned to _: check it", d.name)
}

// blankErrors reports each blank identifier of an assignment that receives
// an error result of a call.
func blankErrors(lhs, rhs []ast.Expr, info *types.Info) []droppedError {
	var found []droppedError
	for i, e := range lhs {
		if id, ok := e.(*ast.Ident); !ok || id.Name != "_" {
			continue
		}
		var call *ast.CallExpr
		var t types.Type
		switch {
		case len(rhs) == 1 && len(lhs) > 1:
			call, _ = ast.Unparen(rhs[0]).(*ast.CallExpr)
			if tuple, ok := info.TypeOf(rhs[0]).(*types.Tuple); ok && call != nil && i < tuple.Len() {
				t = tuple.At(i).Type()
			}
		case i < len(rhs):
			call, _ = ast.Unparen(rhs[i]).(*ast.CallExpr)
			t = info.TypeOf(rhs[i])
		}
		if call != nil && t != nil && types.Implements(t, errorInterface) {
			found = append(found, droppedError{pos: e.Pos(), name: types.ExprString(call.Fun), kind: droppedToBlank})
		}
	}
	return found
}

var errorInterface = types.Universe.Lookup("error").Type().Underlying().(*types.Interface)

// pending are the assignments to error variables not read since, on some
// path: each assigning identifier with its variable. A nil pending is a
// point no path reaches (after a return, a break, a panic).
type pending map[*ast.Ident]types.Object

// union is the paths of a and b together.
func union(a, b pending) pending {
	if a == nil {
		return maps.Clone(b)
	}
	out := maps.Clone(a)
	maps.Copy(out, b)
	return out
}

// A flowTarget is a statement that break (or continue) leaves.
type flowTarget struct {
	label             string
	loop              bool
	breaks, continues pending
}

// flow follows one function body's error variables through its statements.
type flow struct {
	info    *types.Info
	tracked map[types.Object]bool
	results []types.Object // named results, which a bare return reads
	found   map[*ast.Ident]droppedError
	targets []*flowTarget
	label   string // the label of the statement about to be walked
	gaveUp  bool
}

// errorFlow reports the error assignments of one function body that some
// path overwrites or ends before reading (see droppedErrors).
func errorFlow(typ *ast.FuncType, body *ast.BlockStmt, info *types.Info, unused map[types.Object]bool) []droppedError {
	fl := &flow{info: info, tracked: map[types.Object]bool{}, found: map[*ast.Ident]droppedError{}}
	if typ.Results != nil {
		for _, field := range typ.Results.List {
			for _, id := range field.Names {
				if obj := info.Defs[id]; obj != nil && isError(obj) {
					fl.tracked[obj] = true
					fl.results = append(fl.results, obj)
				}
			}
		}
	}
	fl.track(body)
	end := fl.stmt(body, pending{})
	fl.exit(end)
	if fl.gaveUp {
		return nil
	}
	var out []droppedError
	for id, d := range fl.found {
		if d.kind == droppedAtEnd && unused[fl.variable(id)] {
			continue // the compiler's "declared and not used" says it
		}
		out = append(out, d)
	}
	return out
}

// track finds the error variables body declares, less those whose address
// is taken or that a function literal in body uses.
func (fl *flow) track(body *ast.BlockStmt) {
	escaped := map[types.Object]bool{}
	var walk func(n ast.Node, inLit bool)
	walk = func(n ast.Node, inLit bool) {
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				if !inLit {
					walk(n.Body, true)
					return false
				}
			case *ast.UnaryExpr:
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
					escaped[fl.info.Uses[id]] = true
				}
			case *ast.Ident:
				if obj := fl.info.Defs[n]; obj != nil && !inLit && n.Name != "_" && isError(obj) {
					fl.tracked[obj] = true
				}
				if inLit {
					escaped[fl.info.Uses[n]] = true
				}
			}
			return true
		})
	}
	walk(body, false)
	for obj := range escaped {
		delete(fl.tracked, obj)
	}
}

// variable is the tracked variable id names, or nil.
func (fl *flow) variable(id *ast.Ident) types.Object {
	obj := fl.info.Defs[id]
	if obj == nil {
		obj = fl.info.Uses[id]
	}
	if id.Name == "_" || !fl.tracked[obj] {
		return nil
	}
	return obj
}

// read is p after the tracked variables es use are read.
func (fl *flow) read(p pending, es ...ast.Expr) pending {
	for _, e := range es {
		if e == nil || p == nil {
			continue
		}
		ast.Inspect(e, func(n ast.Node) bool {
			if _, ok := n.(*ast.FuncLit); ok {
				return false // what it uses is not tracked
			}
			if id, ok := n.(*ast.Ident); ok && fl.tracked[fl.info.Uses[id]] {
				fl.readVar(p, fl.info.Uses[id])
			}
			return true
		})
	}
	return p
}

func (fl *flow) readVar(p pending, obj types.Object) {
	for id, v := range p {
		if v == obj {
			delete(p, id)
		}
	}
}

// write is p after id assigns its variable: what was still pending of it is
// overwritten.
func (fl *flow) write(p pending, id *ast.Ident) pending {
	obj := fl.variable(id)
	if obj == nil || p == nil {
		return p
	}
	for prev, v := range p {
		if v == obj {
			fl.report(prev, droppedError{pos: prev.Pos(), name: prev.Name, by: id.Pos(), kind: droppedOverwritten})
			delete(p, prev)
		}
	}
	p[id] = obj
	return p
}

// exit reports what is still pending where the function returns.
func (fl *flow) exit(p pending) {
	for id := range p {
		fl.report(id, droppedError{pos: id.Pos(), name: id.Name, kind: droppedAtEnd})
	}
}

func (fl *flow) report(id *ast.Ident, d droppedError) {
	if _, ok := fl.found[id]; !ok {
		fl.found[id] = d
	}
}

// stmts walks a statement list from p.
func (fl *flow) stmts(list []ast.Stmt, p pending) pending {
	for _, s := range list {
		p = fl.stmt(s, p)
	}
	return p
}

// stmt walks s from p (which it may change) and returns what is pending
// where s completes normally, nil when it never does.
func (fl *flow) stmt(s ast.Stmt, p pending) pending {
	if p == nil || s == nil {
		return p
	}
	label := fl.label
	fl.label = ""
	switch s := s.(type) {
	case *ast.BlockStmt:
		return fl.stmts(s.List, p)
	case *ast.LabeledStmt:
		fl.label = s.Label.Name
		return fl.stmt(s.Stmt, p)
	case *ast.ExprStmt:
		p = fl.read(p, s.X)
		if call, ok := ast.Unparen(s.X).(*ast.CallExpr); ok {
			if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "panic" && fl.info.Uses[id] == types.Universe.Lookup("panic") {
				return nil // a panic drops nothing in silence
			}
		}
		return p
	case *ast.AssignStmt:
		return fl.assign(s, p)
	case *ast.DeclStmt:
		if d, ok := s.Decl.(*ast.GenDecl); ok && d.Tok == token.VAR {
			for _, spec := range d.Specs {
				vs := spec.(*ast.ValueSpec)
				if len(vs.Values) == 0 {
					continue // a zero value is no result to check
				}
				p = fl.read(p, vs.Values...)
				for _, id := range vs.Names {
					p = fl.write(p, id)
				}
			}
		}
		return p
	case *ast.ReturnStmt:
		p = fl.read(p, s.Results...)
		if len(s.Results) == 0 {
			for _, obj := range fl.results {
				fl.readVar(p, obj)
			}
		}
		fl.exit(p)
		return nil
	case *ast.IfStmt:
		p = fl.read(fl.stmt(s.Init, p), s.Cond)
		then := fl.stmt(s.Body, maps.Clone(p))
		if s.Else == nil {
			return union(then, p)
		}
		return union(then, fl.stmt(s.Else, p))
	case *ast.ForStmt:
		return fl.forLoop(s, fl.stmt(s.Init, p), label)
	case *ast.RangeStmt:
		return fl.rangeLoop(s, fl.read(p, s.X), label)
	case *ast.SwitchStmt:
		p = fl.read(fl.stmt(s.Init, p), s.Tag)
		return fl.clauses(s.Body, p, label)
	case *ast.TypeSwitchStmt:
		p = fl.stmt(s.Init, p)
		if as, ok := s.Assign.(*ast.AssignStmt); ok {
			p = fl.read(p, as.Rhs...) // x := y.(type) binds no tracked variable
		} else {
			p = fl.stmt(s.Assign, p)
		}
		return fl.clauses(s.Body, p, label)
	case *ast.SelectStmt:
		return fl.clauses(s.Body, p, label)
	case *ast.BranchStmt:
		return fl.branch(s, p)
	case *ast.DeferStmt:
		return fl.read(p, s.Call)
	case *ast.GoStmt:
		return fl.read(p, s.Call)
	case *ast.SendStmt:
		return fl.read(p, s.Chan, s.Value)
	case *ast.IncDecStmt:
		return fl.read(p, s.X)
	}
	return p
}

// assign walks an assignment: its right side is read, then its left side
// written (an operator assignment reads its variable first).
func (fl *flow) assign(s *ast.AssignStmt, p pending) pending {
	p = fl.read(p, s.Rhs...)
	for _, e := range s.Lhs {
		id, ok := e.(*ast.Ident)
		if !ok {
			p = fl.read(p, e) // x.f = …, a[i] = …: x and i are read
			continue
		}
		if s.Tok != token.DEFINE && s.Tok != token.ASSIGN {
			p = fl.read(p, id)
		}
		p = fl.write(p, id)
	}
	return p
}

// forLoop walks a for statement from p (after its init) until what reaches
// its head no longer grows: the body's end, and each continue, go round
// again, so an assignment the next turn repeats before reading overwrites
// itself.
func (fl *flow) forLoop(s *ast.ForStmt, p pending, label string) pending {
	head := p
	for {
		t := &flowTarget{label: label, loop: true}
		afterCond := fl.read(maps.Clone(head), s.Cond)
		fl.targets = append(fl.targets, t)
		end := fl.stmt(s.Body, maps.Clone(afterCond))
		fl.targets = fl.targets[:len(fl.targets)-1]
		next := union(head, fl.stmt(s.Post, union(end, t.continues)))
		if len(next) == len(head) {
			if s.Cond == nil {
				return t.breaks
			}
			return union(afterCond, t.breaks)
		}
		head = next
	}
}

// rangeLoop is forLoop for a range statement: each turn assigns its key
// and value, and the loop may end at its head.
func (fl *flow) rangeLoop(s *ast.RangeStmt, p pending, label string) pending {
	head := p
	for {
		t := &flowTarget{label: label, loop: true}
		turn := maps.Clone(head)
		if s.Tok == token.DEFINE || s.Tok == token.ASSIGN {
			for _, e := range []ast.Expr{s.Key, s.Value} {
				if id, ok := e.(*ast.Ident); ok {
					turn = fl.write(turn, id)
				}
			}
		}
		fl.targets = append(fl.targets, t)
		end := fl.stmt(s.Body, turn)
		fl.targets = fl.targets[:len(fl.targets)-1]
		next := union(head, union(end, t.continues))
		if len(next) == len(head) {
			return union(head, t.breaks)
		}
		head = next
	}
}

// clauses walks the clauses of a switch, type switch or select from p:
// each starts from p or from the one before that falls through. Every
// case's expressions are read first, the cautious side: a clause is
// reached after the cases before it were evaluated, not every one is.
func (fl *flow) clauses(body *ast.BlockStmt, p pending, label string) pending {
	t := &flowTarget{label: label}
	fl.targets = append(fl.targets, t)
	defer func() { fl.targets = fl.targets[:len(fl.targets)-1] }()
	for _, c := range body.List {
		if c, ok := c.(*ast.CaseClause); ok {
			p = fl.read(p, c.List...)
		}
	}
	var out, fall pending
	exhaustive := false
	for _, c := range body.List {
		var entry pending
		var list []ast.Stmt
		switch c := c.(type) {
		case *ast.CaseClause:
			entry = union(maps.Clone(p), fall)
			exhaustive = exhaustive || c.List == nil
			list = c.Body
		case *ast.CommClause:
			entry = fl.stmt(c.Comm, maps.Clone(p))
			exhaustive = true // a select waits for one of its clauses
			list = c.Body
		}
		end := fl.stmts(list, entry)
		fall = nil
		if n := len(list); n > 0 {
			if br, ok := list[n-1].(*ast.BranchStmt); ok && br.Tok == token.FALLTHROUGH {
				fall = end
				continue
			}
		}
		out = union(out, end)
	}
	if !exhaustive {
		out = union(out, p)
	}
	return union(out, t.breaks)
}

// branch walks break, continue, goto and fallthrough.
func (fl *flow) branch(s *ast.BranchStmt, p pending) pending {
	switch s.Tok {
	case token.FALLTHROUGH:
		return p
	case token.GOTO:
		fl.gaveUp = true // paths this walk cannot follow: report nothing
		return nil
	}
	for i := len(fl.targets) - 1; i >= 0; i-- {
		t := fl.targets[i]
		if s.Label != nil && t.label != s.Label.Name || s.Label == nil && s.Tok == token.CONTINUE && !t.loop {
			continue
		}
		if s.Tok == token.BREAK {
			t.breaks = union(t.breaks, p)
		} else {
			t.continues = union(t.continues, p)
		}
		return nil
	}
	fl.gaveUp = true
	return nil
}
