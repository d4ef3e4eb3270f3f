//! `mingjing rules check|test`.

use super::EngineArgs;
use clap::{Args, Subcommand};
use mingjing_engine::runtime::examples::run_all;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub command: RulesCommand,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Compile every threshold script and list the thresholds with their parameters.
    Check(RulesCheckArgs),
    /// Run the examples beside every script.
    Test(RulesCheckArgs),
}

#[derive(Debug, Args)]
pub struct RulesCheckArgs {
    #[command(flatten)]
    pub engine: EngineArgs,
}

pub fn run(args: RulesArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        RulesCommand::Check(a) => check(&a.engine),
        RulesCommand::Test(a) => test(&a.engine),
    }
}

fn check(engine: &EngineArgs) -> anyhow::Result<ExitCode> {
    let rules = engine.load_rules()?;
    println!(
        "{} thresholds loaded from {}",
        rules.thresholds.len(),
        engine.rules_dir().display()
    );
    for t in &rules.thresholds {
        let m = &t.meta;
        let params: Vec<String> = m
            .params
            .0
            .iter()
            .map(|(n, v)| format!("{n}={}", v.to_json()))
            .collect();
        let triggers = m.triggers_described();
        println!(
            "{:<7} {:<44} {:<10} {:<20} {} [{}] {}",
            m.code,
            m.id,
            m.kind.as_str(),
            m.route,
            m.name_zh,
            triggers.join(","),
            params.join(" ")
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn test(engine: &EngineArgs) -> anyhow::Result<ExitCode> {
    let rules = engine.load_rules()?;
    let outcomes = run_all(&rules, &engine.engine_config()).map_err(anyhow::Error::msg)?;
    let failed: Vec<_> = outcomes.iter().filter(|o| o.failure.is_some()).collect();
    for o in &outcomes {
        let mark = if o.failure.is_some() { "FAIL" } else { "ok  " };
        println!("{mark} {:<7} {}", o.threshold_code, o.name);
        if let Some(why) = &o.failure {
            println!("       {why}");
        }
    }
    let untested: Vec<&str> = rules
        .thresholds
        .iter()
        .filter(|t| t.examples.is_none())
        .map(|t| t.meta.code.as_str())
        .collect();
    if !untested.is_empty() {
        println!("without examples: {}", untested.join(", "));
    }
    println!(
        "{} passed, {} failed",
        outcomes.len() - failed.len(),
        failed.len()
    );
    Ok(if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
