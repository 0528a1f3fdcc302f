//! The wizard's terminal prompts: [`DialoguerPrompter`] answers the library's
//! [`Prompter`] questions with dialoguer, on stderr.

use antidote_lib::scaffold::{Choice, PromptError, Prompter, Question};
use dialoguer::console::{Term, style};
use dialoguer::theme::ColorfulTheme;
use dialoguer::{Confirm, Input, Select};

/// Prompts on the terminal (stderr), one question at a time, with the field's description as
/// help above each.
pub struct DialoguerPrompter {
    term: Term,
    theme: ColorfulTheme,
}

impl Default for DialoguerPrompter {
    fn default() -> Self {
        DialoguerPrompter {
            term: Term::stderr(),
            theme: ColorfulTheme::default(),
        }
    }
}

impl DialoguerPrompter {
    fn help(&self, q: &Question) {
        if let Some(help) = &q.help {
            let help = help.replace('\n', " ");
            let skip = if q.optional { " (optional)" } else { "" };
            let _ = self
                .term
                .write_line(&format!("{}", style(format!("  {help}{skip}")).dim()));
        }
    }
}

fn failed(e: dialoguer::Error) -> PromptError {
    match e {
        dialoguer::Error::IO(e) if e.kind() == std::io::ErrorKind::Interrupted => {
            PromptError::Interrupted
        }
        dialoguer::Error::IO(e) => PromptError::Failed(e.to_string()),
    }
}

impl Prompter for DialoguerPrompter {
    fn text(
        &mut self,
        q: &Question,
        default: Option<&str>,
        check: &dyn Fn(&str) -> Result<(), String>,
    ) -> Result<String, PromptError> {
        self.help(q);
        let mut input = Input::<String>::with_theme(&self.theme)
            .with_prompt(&q.label)
            .allow_empty(q.optional)
            .validate_with(|s: &String| check(s));
        if let Some(d) = default {
            input = input.default(d.to_owned());
        }
        input.interact_text_on(&self.term).map_err(failed)
    }

    fn select(
        &mut self,
        q: &Question,
        choices: &[Choice],
        default: usize,
    ) -> Result<usize, PromptError> {
        self.help(q);
        let items: Vec<String> = choices.iter().map(Choice::display).collect();
        Select::with_theme(&self.theme)
            .with_prompt(&q.label)
            .items(&items)
            .default(default)
            .interact_on(&self.term)
            .map_err(failed)
    }

    fn confirm(&mut self, q: &Question, default: bool) -> Result<bool, PromptError> {
        self.help(q);
        Confirm::with_theme(&self.theme)
            .with_prompt(&q.label)
            .default(default)
            .wait_for_newline(true)
            .interact_on(&self.term)
            .map_err(failed)
    }

    fn integer(
        &mut self,
        q: &Question,
        min: Option<i64>,
        max: Option<i64>,
        default: Option<i64>,
    ) -> Result<Option<i64>, PromptError> {
        self.help(q);
        let optional = q.optional;
        let mut input = Input::<String>::with_theme(&self.theme)
            .with_prompt(&q.label)
            .allow_empty(optional)
            .validate_with(move |s: &String| -> Result<(), String> {
                if s.is_empty() && optional {
                    return Ok(());
                }
                let n: i64 = s.trim().parse().map_err(|_| "a whole number".to_owned())?;
                match (min, max) {
                    (Some(lo), Some(hi)) if n < lo || n > hi => {
                        Err(format!("between {lo} and {hi}"))
                    }
                    (Some(lo), _) if n < lo => Err(format!("at least {lo}")),
                    (_, Some(hi)) if n > hi => Err(format!("at most {hi}")),
                    _ => Ok(()),
                }
            });
        if let Some(d) = default {
            input = input.default(d.to_string());
        }
        let answer = input.interact_text_on(&self.term).map_err(failed)?;
        Ok(answer.trim().parse().ok())
    }

    fn add_another(&mut self, q: &Question, count: usize) -> Result<bool, PromptError> {
        let prompt = if count == 0 {
            format!("add {}?", q.label)
        } else {
            format!("add another to {}? ({count} so far)", q.label)
        };
        if count == 0 {
            self.help(q);
        }
        Confirm::with_theme(&self.theme)
            .with_prompt(prompt)
            .default(false)
            .wait_for_newline(true)
            .interact_on(&self.term)
            .map_err(failed)
    }
}
