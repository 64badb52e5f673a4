package handlers

// RouteRoles returns the roles each route of the API and page tables
// admits, keyed by method and path as registered ("GET /api/v1/me"); a nil
// list means no session is needed. Tests compare it with their own
// expectations, so that a change of access is never silent.
func (s *Server) RouteRoles() map[string][]string {
	out := map[string][]string{}
	add := func(method, path string, roles []string) { out[method+" "+path] = roles }
	for _, r := range s.routes {
		add(r.method, r.path, roleNames(r.roles))
	}
	for _, p := range s.pageTable() {
		add(p.method, p.path, roleNames(p.roles))
	}
	return out
}

func roleNames[R ~string](roles []R) []string {
	if roles == nil {
		return nil
	}
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = string(r)
	}
	return out
}
