//! What `lesson create`, `collection create`, `image create` and `curriculum init` share: the
//! answer arguments, choosing between prompts and no prompts, and reporting the result.

use std::collections::BTreeMap;
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use antidote_lib::curriculum::Kind;
use antidote_lib::scaffold::{self, Answers, Options, PromptError, ScaffoldError};
use antidote_lib::validate::{self, Severity};
use anyhow::Context as _;
use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};

use crate::prompt::DialoguerPrompter;
use crate::shell::Shell;

/// The `--curriculum DIR` argument.
pub(crate) fn curriculum_arg() -> Arg {
    Arg::new("curriculum")
        .long("curriculum")
        .short('C')
        .value_name("DIR")
        .default_value(".")
        .value_parser(value_parser!(PathBuf))
        .help("The curriculum's root directory")
}

/// The arguments every create command takes.
pub(crate) fn args(cmd: Command, kind: Kind) -> Command {
    let cmd = cmd
        .arg(
            Arg::new("answers")
                .long("answers")
                .value_name("FILE")
                .value_parser(value_parser!(PathBuf))
                .help(format!(
                    "Answers in a YAML file of the same shape as {}",
                    kind.file_name()
                )),
        )
        .arg(
            Arg::new("set")
                .long("set")
                .value_name("KEY=VALUE")
                .action(ArgAction::Append)
                .help(
                    "One answer; KEY is a dotted path, list items by index from 0 \
                     (e.g. endpoints.0.image=utility); repeatable, applied after --answers",
                ),
        )
        .arg(
            Arg::new("no-input")
                .long("no-input")
                .action(ArgAction::SetTrue)
                .help("Never prompt: fail listing every missing answer instead"),
        )
        .arg(
            Arg::new("force")
                .long("force")
                .action(ArgAction::SetTrue)
                .help("Overwrite files that exist already"),
        );
    let cmd = if kind == Kind::Lesson {
        cmd.arg(
            Arg::new("napalm-driver")
                .long("napalm-driver")
                .value_name("ENDPOINT=DRIVER")
                .action(ArgAction::Append)
                .help(
                    "The NAPALM driver of a napalm-configured endpoint (junos, eos, iosxr, nxos, \
                     nxos_ssh, ios): names its configuration files; repeatable",
                ),
        )
    } else {
        cmd
    };
    cmd.after_help(
        "Prompts only when stdin and stderr are terminals and --no-input is not given; \
         otherwise every required answer must come from --answers or --set. \
         --set takes the value as is for text fields and as YAML otherwise \
         (readyDelay=30, tags=[a, b]). Nothing is written unless the new resource validates.",
    )
}

/// Creates a resource of `kind` under `root` from the arguments (and prompts, on a terminal).
pub(crate) fn run(
    shell: &Shell,
    kind: Kind,
    root: &Path,
    args: &ArgMatches,
) -> anyhow::Result<ExitCode> {
    let mut answers = match args.get_one::<PathBuf>("answers") {
        Some(path) => Answers::from_file(path)?,
        None => Answers::default(),
    };
    for setting in args.get_many::<String>("set").into_iter().flatten() {
        answers.set(kind, setting)?;
    }
    let mut napalm_drivers = BTreeMap::new();
    if kind == Kind::Lesson {
        for pair in args
            .get_many::<String>("napalm-driver")
            .into_iter()
            .flatten()
        {
            let (endpoint, driver) = pair.split_once('=').with_context(|| {
                format!("invalid --napalm-driver `{pair}`: expected ENDPOINT=DRIVER")
            })?;
            napalm_drivers.insert(endpoint.to_owned(), driver.to_owned());
        }
    }
    let options = Options {
        answers,
        napalm_drivers,
    };
    let no_input = args.get_flag("no-input");
    let interactive = !no_input && std::io::stdin().is_terminal() && shell.is_err_terminal();
    shell.verbose(|sh| {
        if interactive {
            sh.note("asking on the terminal for what the answers leave open");
        } else if no_input {
            sh.note("not prompting (--no-input): every required answer must be given");
        } else {
            sh.note("not prompting (stdin or stderr is no terminal): every required answer must be given");
        }
    });
    let interrupts = Interrupts::watch(shell);
    let mut prompter = DialoguerPrompter::default();
    let prompter: Option<&mut dyn scaffold::Prompter> = if interactive {
        Some(&mut prompter)
    } else {
        None
    };
    let plan = match scaffold::plan(root, kind, &options, prompter) {
        Ok(plan) => plan,
        Err(ScaffoldError::Missing(fields)) => {
            let mut msg = format!(
                "cannot create {} without prompting: {} required answer{} missing \
                 (give them with --answers FILE or --set KEY=VALUE{}):",
                kind.article(),
                fields.len(),
                if fields.len() == 1 { " is" } else { "s are" },
                if kind == Kind::Lesson {
                    ", napalm drivers with --napalm-driver ENDPOINT=DRIVER"
                } else {
                    ""
                }
            );
            for f in &fields {
                msg.push_str("\n  - ");
                msg.push_str(f);
            }
            anyhow::bail!(msg);
        }
        Err(ScaffoldError::Prompt(PromptError::Interrupted)) => {
            let _ = dialoguer::console::Term::stderr().show_cursor();
            shell.error("interrupted: nothing was written");
            return Ok(ExitCode::from(130));
        }
        Err(ScaffoldError::Invalid { kind: k, findings }) => {
            let mut msg = format!("the new {k} would not validate, so nothing was written:");
            for d in &findings {
                msg.push_str(&format!(
                    "\n  {} {}:{}:{}: {}",
                    d.code, d.file, d.line, d.column, d.message
                ));
                if let Some(help) = &d.help {
                    msg.push_str(&format!("\n    help: {help}"));
                }
            }
            shell.error(msg);
            return Ok(ExitCode::from(1));
        }
        Err(e) => return Err(e.into()),
    };
    interrupts.writing.store(true, Ordering::SeqCst);
    let written = scaffold::write_plan(root, &plan, args.get_flag("force"));
    interrupts.writing.store(false, Ordering::SeqCst);
    if interrupts.interrupted.load(Ordering::SeqCst) {
        shell.error(format_args!(
            "interrupted: {}",
            if written.is_ok() {
                "the files were written whole first"
            } else {
                "nothing was written"
            }
        ));
        return Ok(ExitCode::from(130));
    }
    let written = match written {
        Ok(w) => w,
        Err(ScaffoldError::Exists(paths)) => {
            let mut msg = String::from(
                "refusing to overwrite existing files (pass --force to overwrite them):",
            );
            for p in &paths {
                msg.push_str(&format!("\n  - {}", p.display()));
            }
            anyhow::bail!(msg);
        }
        Err(e) => return Err(e.into()),
    };
    for path in &written {
        shell.status("created", path.display());
    }
    // The output always validates; check it on disk all the same.
    let validated = validate::validate_dir(root, &validate::Options::default())
        .with_context(|| format!("cannot validate {}", root.display()))?;
    let errors: Vec<_> = validated
        .report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error && plan.owns(&d.file))
        .collect();
    if !errors.is_empty() {
        let mut msg = format!("the new {} does not validate:", kind.as_str());
        for d in &errors {
            msg.push_str(&format!(
                "\n  {} {}:{}: {}",
                d.code, d.file, d.line, d.message
            ));
        }
        anyhow::bail!(msg);
    }
    let name = if plan.dir.is_empty() {
        root.display().to_string()
    } else {
        plan.dir.clone()
    };
    shell.info(format_args!("{} {name} validates", kind.as_str()));
    Ok(ExitCode::SUCCESS)
}

/// `antidotectl <name> create`: the command of a resource kind kept in an existing curriculum
/// (lessons, collections, images).
pub(crate) fn resource_cli(name: &'static str, about: &'static str, kind: Kind) -> Command {
    Command::new(name)
        .about(about)
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(args(
            Command::new("create")
                .about(format!(
                    "Create {} ({}) with its files, asking for what the answers leave open",
                    kind.article(),
                    kind.file_name()
                ))
                .arg(curriculum_arg()),
            kind,
        ))
}

/// Runs [`resource_cli`]'s subcommand.
pub(crate) fn resource_exec(
    shell: &Shell,
    kind: Kind,
    args: &ArgMatches,
) -> anyhow::Result<ExitCode> {
    match args.subcommand() {
        Some(("create", args)) => {
            let root = args
                .get_one::<std::path::PathBuf>("curriculum")
                .expect("has a default");
            run(shell, kind, root, args)
        }
        _ => anyhow::bail!("unknown subcommand"),
    }
}

/// Ctrl-C while the wizard runs. Prompts that read keys (lists, confirmations) end with an
/// interruption the command reports; a prompt reading a line would go on waiting, so shortly
/// after the signal the process restores the cursor, says that nothing was written and exits
/// with 130. While the plan is being written, the interruption waits for the write to finish
/// (it is all-or-nothing), then the command reports it.
struct Interrupts {
    writing: Arc<AtomicBool>,
    interrupted: Arc<AtomicBool>,
}

impl Interrupts {
    fn watch(shell: &Shell) -> Interrupts {
        let writing = Arc::new(AtomicBool::new(false));
        let interrupted = Arc::new(AtomicBool::new(false));
        let (w, i) = (Arc::clone(&writing), Arc::clone(&interrupted));
        let shell = shell.clone();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build();
        if let Ok(runtime) = runtime {
            std::thread::spawn(move || {
                runtime.block_on(async {
                    if tokio::signal::ctrl_c().await.is_err() {
                        return;
                    }
                    i.store(true, Ordering::SeqCst);
                    // Let a key-reading prompt report the interruption itself.
                    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
                    if !w.load(Ordering::SeqCst) {
                        let _ = dialoguer::console::Term::stderr().show_cursor();
                        // The prompt's line is left unfinished.
                        let _ = shell.err().write_all(b"\n");
                        shell.error("interrupted: nothing was written");
                        std::process::exit(130);
                    }
                });
            });
        }
        Interrupts {
            writing,
            interrupted,
        }
    }
}
