//! `ucwa`: convert, check and pretty-print UCWA 2.0 payloads (JSON and XML).
#![forbid(unsafe_code)]

mod describe;
mod detect;
mod har;
mod run;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// Convert, check and pretty-print UCWA 2.0 payloads (JSON and XML).
#[derive(Parser, Debug)]
#[command(name = "ucwa", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Print a document in the other format (or the one --to names), pretty-printed.
    ///
    /// Typed where the schema knows the rel, dynamic otherwise; lossless either way.
    Convert(ConvertArgs),
    /// Decode into the schema and report the type and everything left untyped.
    Check(CheckArgs),
    /// Print what the schema knows of a resource: properties with types, links,
    /// embedded resources, its request body, events and documented errors. Without REL,
    /// list every rel and its type.
    Schema {
        /// The resource's rel (e.g. `presence`).
        #[arg(value_name = "REL")]
        rel: Option<String>,
    },
    /// Print a shell completion script (e.g. `ucwa completions bash > /etc/bash_completion.d/ucwa`).
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Args, Debug)]
struct ConvertArgs {
    /// The output format (default: the other one).
    #[arg(long, value_enum)]
    to: Option<FormatArg>,
    #[command(flatten)]
    input: InputArgs,
}

#[derive(Args, Debug)]
struct CheckArgs {
    /// Exit with status 1 when anything stayed untyped.
    #[arg(long)]
    strict: bool,
    #[command(flatten)]
    input: InputArgs,
}

/// What to read and how to read it.
#[derive(Args, Debug)]
pub struct InputArgs {
    /// What the document is (default: detected from its root).
    #[arg(long, value_enum)]
    kind: Option<Kind>,
    /// The resource type to decode as; for `--kind input`, the resource the request
    /// body is sent to.
    #[arg(long, value_name = "REL")]
    rel: Option<String>,
    /// The document to read; absent or `-` reads standard input. A whole HTTP message
    /// (status or request line, headers, body) is accepted too: its Content-Type gives
    /// the format, and a POST's target names the resource of its request body.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
}

/// A wire format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// JSON
    Json,
    /// XML
    Xml,
}

/// The kinds of UCWA documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// A resource (`<resource>`; a JSON object with `rel` or `_links`).
    Resource,
    /// A request body (`<input>`; a plain JSON object).
    Input,
    /// An event-channel response (`<events>`; a JSON object with a `sender` array).
    Events,
    /// An error body (`<reason>`; a JSON object with `code` and no `_links`).
    Error,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Convert(args) => run::convert(&args.input, args.to),
        Command::Check(args) => run::check(&args.input, args.strict),
        Command::Schema { rel } => describe::describe(rel.as_deref()).map(|text| {
            print!("{text}");
            ExitCode::SUCCESS
        }),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "ucwa", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            // One line, whatever the error: scripts read it.
            eprintln!("ucwa: {}", message.replace('\n', " "));
            ExitCode::FAILURE
        }
    }
}
