"""Use cases. Every read or change of the register goes through these functions; the CLI and
the window only call them. No Qt here. Errors are typed with Swedish messages
(ame_desktop.domain.errors)."""
