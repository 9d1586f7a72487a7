#pragma once
// What a command writes to std::cerr (a usage problem, a manifest's errors, a
// failure it reports to its user) made into error records of the default
// logger, a record a line: in JSON so that the stream stays one object per
// line, and in a node so that every line names it. They are printed whatever
// the log level: --log-level off silences log lines, not why a command failed.

namespace strom {

// From now on, for the rest of the process. Calling it again changes nothing.
void route_stderr_to_log();

} // namespace strom
