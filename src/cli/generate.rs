//! `mingjing generate`: a city of contract-valid events with planted anomalies and their truth.

use crate::generate::{generate, GenerateConfig};
use anyhow::Context;
use clap::Args;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of villages (the modelled city has 537).
    #[arg(long, default_value_t = 20)]
    pub villages: u32,
    /// Number of days of business events.
    #[arg(long, default_value_t = 30)]
    pub days: u32,
    /// Random seed; the same seed gives the same bytes.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// First day of business (YYYY-MM-DD).
    #[arg(long, default_value = "2023-01-01")]
    pub start_date: chrono::NaiveDate,
    /// Fraction of activities (labor jobs, seal applications, payments, purchases, counts,
    /// receipts, contracts, leases and asset checks, projects, meetings and resolutions,
    /// publications) that carry a planted anomaly.
    #[arg(long, default_value_t = 0.02)]
    pub anomaly_rate: f64,
    /// Fraction of activities that carry a near miss that must stay quiet.
    #[arg(long, default_value_t = 0.02)]
    pub near_miss_rate: f64,
    /// Events as JSON lines.
    #[arg(long)]
    pub out: PathBuf,
    /// Ground truth: one line per alert the planted anomalies must raise.
    #[arg(long)]
    pub truth: PathBuf,
}

impl GenerateArgs {
    pub fn config(&self) -> GenerateConfig {
        GenerateConfig {
            villages: self.villages,
            days: self.days,
            seed: self.seed,
            start_date: self.start_date,
            anomaly_rate: self.anomaly_rate,
            near_miss_rate: self.near_miss_rate,
            townships: GenerateConfig::townships_for(self.villages),
            ..GenerateConfig::default()
        }
    }
}

/// Writes events and truth files; returns a description: totals, then planted anomalies and near
/// misses per threshold.
pub fn write_city(
    config: &GenerateConfig,
    out: &PathBuf,
    truth: &PathBuf,
) -> anyhow::Result<String> {
    let mut events = BufWriter::new(
        std::fs::File::create(out).with_context(|| format!("creating --out {}", out.display()))?,
    );
    let mut truth_out = BufWriter::new(
        std::fs::File::create(truth)
            .with_context(|| format!("creating --truth {}", truth.display()))?,
    );
    let summary = generate(config, &mut events, &mut truth_out)?;
    events.flush()?;
    truth_out.flush()?;
    let mut text = format!(
        "{} events, {} alerts in the truth file",
        summary.events, summary.truth_entries
    );
    let mut codes: Vec<&String> = summary
        .planted_by_threshold
        .keys()
        .chain(summary.near_misses_by_threshold.keys())
        .collect();
    codes.sort();
    codes.dedup();
    if !codes.is_empty() {
        text.push_str("\n  threshold  planted  near misses");
    }
    for code in codes {
        let planted = summary.planted_by_threshold.get(code).copied().unwrap_or(0);
        let near = summary
            .near_misses_by_threshold
            .get(code)
            .copied()
            .unwrap_or(0);
        text.push_str(&format!("\n  {code:<9} {planted:>8} {near:>12}"));
    }
    Ok(text)
}

pub fn run(args: GenerateArgs) -> anyhow::Result<ExitCode> {
    let line = write_city(&args.config(), &args.out, &args.truth)?;
    eprintln!("{line} → {} / {}", args.out.display(), args.truth.display());
    Ok(ExitCode::SUCCESS)
}
