//! `mingjing users add|list|disable`: the people who work the alert queue.
//!
//! A password is never a flag (flags end up in shell history and process listings): it comes
//! from MINGJING_PASSWORD or from one line of standard input.

use super::runtime;
use anyhow::Context;
use clap::{Args, Subcommand};
use mingjing_connectors::SqlStore;
use mingjing_engine::users::{Role, User, UserStore};
use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

/// The variable a new user's password is read from, before standard input.
pub const PASSWORD_VARIABLE: &str = "MINGJING_PASSWORD";

#[derive(Debug, Args)]
pub struct UsersArgs {
    #[command(subcommand)]
    pub command: UsersCommand,
}

#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Add a user. The password is read from MINGJING_PASSWORD, else from one line of
    /// standard input (piped, not typed).
    Add(AddArgs),
    /// List the users with their role and scope.
    List(StoreArgs),
    /// Disable a user: they can no longer log in and their tokens stop working.
    Disable(DisableArgs),
}

#[derive(Debug, Args)]
pub struct StoreArgs {
    /// The store: a SQLite file or a database URL.
    #[arg(long, env = "MINGJING_DB", default_value = "./mingjing.db")]
    pub db: String,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    /// Login name, one word.
    #[arg(long)]
    pub username: String,
    /// city_commission, township_commission, department, village, rule_author or ops.
    #[arg(long)]
    pub role: String,
    /// Township id, for township_commission and department.
    #[arg(long)]
    pub township: Option<String>,
    /// Village id, for village.
    #[arg(long)]
    pub village: Option<String>,
    /// Department code of the catalog, for department (jingguan, trading, civil, natres,
    /// housing, agri, office).
    #[arg(long)]
    pub dept: Option<String>,
}

#[derive(Debug, Args)]
pub struct DisableArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    #[arg(long)]
    pub username: String,
}

pub fn run(args: UsersArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        UsersCommand::Add(args) => add(args),
        UsersCommand::List(args) => list(args),
        UsersCommand::Disable(args) => disable(args),
    }
}

fn add(args: AddArgs) -> anyhow::Result<ExitCode> {
    let role = Role::parse(&args.role).with_context(|| {
        let names: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
        format!(
            "unknown role {}: use one of {}",
            args.role,
            names.join(", ")
        )
    })?;
    let user = User::new(
        &args.username,
        role,
        args.township.as_deref(),
        args.village.as_deref(),
        args.dept.as_deref(),
    )?;
    let password = read_password()?;
    runtime()?.block_on(async {
        let store = SqlStore::connect(&args.store.db).await?;
        let added = store.add_user(&user, &password).await;
        store.close().await;
        added
    })?;
    println!(
        "已添加用户 added user {} ({}, {})",
        user.username,
        user.role.as_str(),
        user.scope_label()
    );
    Ok(ExitCode::SUCCESS)
}

fn list(args: StoreArgs) -> anyhow::Result<ExitCode> {
    require_store(&args.db)?;
    let users = runtime()?.block_on(async {
        let store = SqlStore::connect(&args.db).await?;
        let users = store.list_users().await;
        store.close().await;
        users
    })?;
    println!(
        "{:<20} {:<20} {:<9} 范围 scope",
        "用户 username", "角色 role", "状态"
    );
    for user in &users {
        println!(
            "{:<20} {:<20} {:<9} {}",
            user.username,
            user.role.as_str(),
            if user.disabled { "disabled" } else { "active" },
            user.scope_label()
        );
    }
    println!("共 {} 个用户 ({} users)", users.len(), users.len());
    Ok(ExitCode::SUCCESS)
}

fn disable(args: DisableArgs) -> anyhow::Result<ExitCode> {
    require_store(&args.store.db)?;
    runtime()?.block_on(async {
        let store = SqlStore::connect(&args.store.db).await?;
        let disabled = store.disable_user(&args.username).await;
        store.close().await;
        disabled
    })?;
    println!(
        "已停用用户 disabled user {}: they can no longer log in and their tokens stop working",
        args.username
    );
    Ok(ExitCode::SUCCESS)
}

/// Listing or disabling on a SQLite file that does not exist would create an empty store.
fn require_store(db: &str) -> anyhow::Result<()> {
    if !db.contains("://") && !db.starts_with("sqlite:") && !std::path::Path::new(db).exists() {
        anyhow::bail!("no store at --db {db}: add a user first (mingjing users add)");
    }
    Ok(())
}

/// The password from MINGJING_PASSWORD, else the first line of standard input without its
/// line ending. A terminal is refused: what is typed there would be echoed on screen.
fn read_password() -> anyhow::Result<String> {
    if let Ok(password) = std::env::var(PASSWORD_VARIABLE) {
        return Ok(password);
    }
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        anyhow::bail!(
            "no password: set {PASSWORD_VARIABLE} or pipe the password on standard input \
             (it is never taken as a flag)"
        );
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from standard input")?;
    let password = line.strip_suffix('\n').unwrap_or(&line);
    let password = password.strip_suffix('\r').unwrap_or(password);
    if password.is_empty() {
        anyhow::bail!(
            "no password: set {PASSWORD_VARIABLE} or write the password as the first line of standard input"
        );
    }
    Ok(password.to_string())
}
