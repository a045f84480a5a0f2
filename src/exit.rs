//! (Binary only.) A failed command and the exit code of its kind: the one place where the
//! library's [`ErrorKind`]s become the documented exit codes.

use screenveil::error::{ErrorKind, Kinded};

/// What went wrong, with its kind.
pub struct Failure {
    pub kind: ErrorKind,
    pub error: anyhow::Error,
}

impl Failure {
    pub fn new(kind: ErrorKind, error: impl Into<anyhow::Error>) -> Failure {
        Failure { kind, error: error.into() }
    }

    /// The documented exit code (README, "Exit codes").
    pub fn exit_code(&self) -> u8 {
        match self.kind {
            ErrorKind::Usage => 2,
            ErrorKind::Input => 3,
            ErrorKind::Output => 4,
            ErrorKind::Setup => 5,
            ErrorKind::Refused => 6,
            ErrorKind::Interrupted => 130,
            ErrorKind::Internal => 1,
        }
    }
}

/// A library error brings its own kind.
impl<E: Kinded + std::error::Error + Send + Sync + 'static> From<E> for Failure {
    fn from(e: E) -> Failure {
        Failure { kind: e.kind(), error: e.into() }
    }
}

/// Context for a library error, keeping its kind.
pub trait KindedContext<T> {
    fn context(self, msg: &'static str) -> Result<T, Failure>;
}

impl<T, E: Kinded + std::error::Error + Send + Sync + 'static> KindedContext<T> for Result<T, E> {
    fn context(self, msg: &'static str) -> Result<T, Failure> {
        self.map_err(|e| Failure { kind: e.kind(), error: anyhow::Error::new(e).context(msg) })
    }
}

/// A kind for what the command line itself reads and writes (a profile, a statistics file,
/// standard input), which no library error names.
pub trait FailAs<T> {
    fn fail_as(self, kind: ErrorKind, msg: impl FnOnce() -> String) -> Result<T, Failure>;
}

impl<T, E: std::error::Error + Send + Sync + 'static> FailAs<T> for Result<T, E> {
    fn fail_as(self, kind: ErrorKind, msg: impl FnOnce() -> String) -> Result<T, Failure> {
        self.map_err(|e| Failure { kind, error: anyhow::Error::new(e).context(msg()) })
    }
}

impl<T> FailAs<T> for Option<T> {
    fn fail_as(self, kind: ErrorKind, msg: impl FnOnce() -> String) -> Result<T, Failure> {
        self.ok_or_else(|| Failure { kind, error: anyhow::anyhow!(msg()) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_documented_code() {
        let code = |k| Failure::new(k, anyhow::anyhow!("x")).exit_code();
        let codes: Vec<u8> =
            [ErrorKind::Usage, ErrorKind::Input, ErrorKind::Output, ErrorKind::Setup, ErrorKind::Refused, ErrorKind::Interrupted, ErrorKind::Internal]
                .into_iter()
                .map(code)
                .collect();
        assert_eq!(codes, [2, 3, 4, 5, 6, 130, 1]);
        // A library error keeps its kind through context.
        let e: Result<(), _> = Err(screenveil::config::ConfigError::Parse { path: "a.toml".into(), msg: "bad".into() });
        let f = e.context("cannot start").err().map(|f| f.exit_code());
        assert_eq!(f, Some(2));
    }
}
