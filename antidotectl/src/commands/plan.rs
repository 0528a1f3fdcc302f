//! `antidotectl lesson plan SLUG [-C DIR] [--stage N] [--format yaml|json]`: every Kubernetes
//! object of one livelesson of the lesson, and the configuration Jobs of stage N, exactly as
//! the Kubernetes backend applies them with the configuration's settings (`--config`, the
//! variables, the flags), without a cluster or a database. Secret values are shown as `***`;
//! secrets copied from the secrets namespace name their source instead of their data.

use std::path::PathBuf;
use std::process::ExitCode;

use antidote_lib::config::Config;
use antidote_lib::provision::kubernetes::Settings;
use antidote_lib::provision::local::kubernetes_plan;
use anyhow::Context as _;
use clap::{Arg, ArgMatches, Command};

use crate::shell::Shell;

/// The command's definition.
pub fn cli() -> Command {
    let base = Config::default();
    Command::new("plan")
        .about("Print every Kubernetes object of one livelesson of a lesson, without a cluster")
        .after_help(
            "The objects are those the Kubernetes backend applies, made with the settings of \
             --config, the ANTIDOTE_* variables and the flags below; the namespace is \
             {instance_id}-{--id}. Secret values are shown as *** and copied secrets without \
             their data: this is a plan to read and check (kubectl apply --dry-run=server), \
             not to apply as it is.",
        )
        .arg(
            Arg::new("slug")
                .value_name("SLUG")
                .required(true)
                .help("The lesson"),
        )
        .arg(super::run::curriculum_arg())
        .arg(
            Arg::new("stage")
                .long("stage")
                .value_name("N")
                .value_parser(clap::value_parser!(u32))
                .default_value("0")
                .help("The stage whose configuration Jobs are printed"),
        )
        .arg(
            Arg::new("format")
                .long("format")
                .value_name("FORMAT")
                .value_parser(["yaml", "json"])
                .default_value("yaml")
                .help("YAML documents, or a JSON `List`"),
        )
        .arg(
            Arg::new("id")
                .long("id")
                .value_name("ID")
                .default_value("plan")
                .help("The livelesson id the objects are named and labelled after"),
        )
        .arg(antidote::flags::config_arg())
        .args(
            antidote_lib::config::settings()
                .iter()
                .filter(|s| {
                    s.key == "instance_id"
                        || s.key.starts_with("images.")
                        || s.key.starts_with("kubernetes.")
                })
                .map(move |s| antidote::flags::setting_arg(&s.key, &base).expect("a setting")),
        )
}

/// Prints the plan on stdout.
pub fn exec(shell: &Shell, args: &ArgMatches) -> anyhow::Result<ExitCode> {
    let root = args
        .get_one::<PathBuf>("curriculum")
        .expect("has a default");
    let slug = args.get_one::<String>("slug").expect("required");
    let stage = *args.get_one::<u32>("stage").expect("has a default");
    let id = args.get_one::<String>("id").expect("has a default");
    let config = super::configuration(args)?;
    config.check()?;
    let Some(curriculum) = super::run::valid_curriculum(shell, root, "plan the lesson again")?
    else {
        return Ok(ExitCode::from(1));
    };
    let plan = kubernetes_plan(
        &curriculum,
        root,
        slug,
        stage,
        id,
        &Settings::from_config(&config),
    )?;
    let mut out = shell.stdout();
    match args.get_one::<String>("format").map(String::as_str) {
        Some("json") => {
            let list = serde_json::json!({
                "apiVersion": "v1",
                "kind": "List",
                "items": plan.iter().map(|m| m.redacted()).collect::<Vec<_>>(),
            });
            serde_json::to_writer_pretty(&mut *out, &list)?;
            writeln!(out)?;
        }
        _ => {
            for m in &plan {
                write!(
                    out,
                    "---\n{}",
                    antidote_lib::scaffold::to_yaml(&m.redacted())
                )?;
            }
        }
    }
    out.flush().context("cannot write the plan")?;
    Ok(ExitCode::SUCCESS)
}
