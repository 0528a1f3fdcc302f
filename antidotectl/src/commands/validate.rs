//! `antidotectl validate [PATH] [--tier T] [--format F] [--deny-warnings]`.

use std::path::PathBuf;
use std::process::ExitCode;

use antidote_lib::validate::{self, Options};
use anyhow::Context as _;
use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};

use crate::render::{self, Format};
use crate::shell::Shell;

/// The command's definition.
pub fn cli() -> Command {
    Command::new("validate")
        .about("Check a curriculum: schema, files, references; report every finding")
        .long_about(
            "Check a curriculum: every resource against its schema, every lesson's files \
             (guides, configurations, objective scripts) and every reference between resources. \
             Reports every finding in one run. Size limits are the limits.* settings, read from \
             ANTIDOTE_LIMITS_* as import and the services read them.\n\n\
             Exit status: 0 when there are no errors (and no warnings with --deny-warnings), \
             1 when there are, 2 when PATH is not a curriculum or cannot be read.",
        )
        .arg(
            Arg::new("path")
                .value_name("PATH")
                .default_value(".")
                .value_parser(value_parser!(PathBuf))
                .help("The curriculum's root directory"),
        )
        .arg(super::tier_arg(
            "Check only lessons and collections at least as public as TIER (local: everything)",
        ))
        .arg(
            Arg::new("format")
                .long("format")
                .value_name("FORMAT")
                .value_parser(["human", "json", "github", "sarif"])
                .default_value("human")
                .help("human (on stderr), or json, github or sarif (on stdout)"),
        )
        .arg(
            Arg::new("deny-warnings")
                .long("deny-warnings")
                .action(ArgAction::SetTrue)
                .help("Exit 1 on warnings too"),
        )
        .arg(
            Arg::new("require-solutions")
                .long("require-solutions")
                .action(ArgAction::SetTrue)
                .help("Report objectives without a solution script (AD216), for CI that runs `lesson test`"),
        )
}

/// Runs the command.
pub fn exec(shell: &Shell, args: &ArgMatches) -> anyhow::Result<ExitCode> {
    let path = args.get_one::<PathBuf>("path").expect("has a default");
    let tier = super::tier(args)?;
    let format: Format = args
        .get_one::<String>("format")
        .expect("has a default")
        .parse()?;
    shell.verbose(|sh| sh.status("checking", format_args!("{} (tier {tier})", path.display())));
    let started = std::time::Instant::now();
    let validated = validate::validate_dir(
        path,
        &Options {
            tier,
            require_solutions: args.get_flag("require-solutions"),
            limits: super::configuration(args)?.limits,
        },
    )
    .with_context(|| format!("cannot validate {}", path.display()))?;
    let report = &validated.report;
    render::report(shell, report, path, format)?;
    shell.verbose(|sh| sh.status("finished", format_args!("in {:.2?}", started.elapsed())));
    let failed = report.summary.errors > 0
        || (args.get_flag("deny-warnings") && report.summary.warnings > 0);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
