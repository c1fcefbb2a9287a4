package portal

// InFlight is how many requests the portal is serving, for tests that read
// the audit rows a request stores after its answer has gone out.
func InFlight(s *Server) int64 { return s.inFlight.Load() }
