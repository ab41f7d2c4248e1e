//! Who recorded figures and how they arrived. Each figure carries its own
//! flag and note; who and how are the same for every figure of one write,
//! so they travel once per write rather than once per figure (an import may
//! hold a million), and the store stamps when, at the commit, so that
//! revision times follow the order revisions were committed in.

use std::fmt;

/// Who recorded a figure, when, and through which channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// An operator's name, a token's name, or `source:<name>` for a pull.
    pub(crate) recorded_by: String,
    pub(crate) channel: Channel,
}

/// How figures arrived; stored as the revision's `source`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Channel {
    /// `waymark record`
    Record,
    /// `waymark import` of the named file (its name, without folders)
    Import(String),
    /// the HTTP API or the entry pages
    Api,
    /// a pull of the named `[[source]]`
    Pull(String),
}

impl Provenance {
    /// A provenance stamped now.
    pub fn new(recorded_by: impl Into<String>, channel: Channel) -> Provenance {
        Provenance {
            recorded_by: recorded_by.into(),
            channel,
        }
    }

    /// Figures a pull of source `name` brings: recorded by the source itself.
    pub(crate) fn pull(name: &str) -> Provenance {
        Provenance::new(format!("source:{name}"), Channel::Pull(name.to_string()))
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Channel::Record => f.write_str("record"),
            Channel::Import(file) => write!(f, "import:{file}"),
            Channel::Api => f.write_str("api"),
            Channel::Pull(name) => write!(f, "source:{name}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_are_stored_as_the_source_column_always_read() {
        assert_eq!(Channel::Record.to_string(), "record");
        assert_eq!(Channel::Import("a.csv".into()).to_string(), "import:a.csv");
        assert_eq!(Channel::Api.to_string(), "api");
        let p = Provenance::pull("nbs");
        assert_eq!(
            (p.recorded_by.as_str(), p.channel.to_string()),
            ("source:nbs", "source:nbs".into())
        );
    }
}
