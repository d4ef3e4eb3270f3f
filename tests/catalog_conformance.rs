//! The shipped threshold scripts declare exactly what the catalog specifies: identity, kind,
//! route, parameters with their defaults, triggers, dedup key, evidence and extra notification
//! targets. The catalog is the requirements file `spec/catalog.yaml`, a copy of the
//! specification that this repository implements; it is not ours to edit, so the scripts follow
//! it, and where the specification's own checkout sits beside the repository
//! (`../shared/spec/catalog.yaml`) the copy must equal it.

use mingjing_engine::runtime::{ParamValue, RuleSet, Threshold};
use mingjing_engine::values::{Fraction, Money, ParamDuration};
use serde::Deserialize;
use serde_yaml::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// Local offset of the deployment (+08:00); it does not affect declarations.
const LOCAL_OFFSET_SECONDS: i32 = 8 * 3600;

#[derive(Deserialize)]
struct Catalog {
    thresholds: Vec<CatalogThreshold>,
}

#[derive(Deserialize)]
struct CatalogThreshold {
    id: String,
    code: String,
    category: String,
    name_zh: String,
    name_en: String,
    kind: String,
    route: String,
    #[serde(default)]
    params: Option<serde_yaml::Mapping>,
    triggers: Vec<String>,
    dedup_key: Vec<String>,
    evidence: Vec<CatalogEvidence>,
    #[serde(default)]
    also_notify: Vec<String>,
}

#[derive(Deserialize)]
struct CatalogEvidence {
    #[serde(rename = "type")]
    event_type: String,
    fields: Vec<String>,
}

fn catalog_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("spec/catalog.yaml")
}

fn specification_checkout() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/spec/catalog.yaml")
}

fn load_catalog() -> Catalog {
    let path = catalog_path();
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read the threshold catalog {}: {e}", path.display()));
    serde_yaml::from_str(&text)
        .unwrap_or_else(|e| panic!("cannot parse the catalog {}: {e}", path.display()))
}

fn load_shipped_rules() -> RuleSet {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("rules");
    RuleSet::load_dir(&dir, LOCAL_OFFSET_SECONDS).unwrap_or_else(|errors| {
        let listed: Vec<String> = errors.iter().map(|e| format!("  {e}")).collect();
        panic!(
            "the shipped rules in {} do not load:\n{}",
            dir.display(),
            listed.join("\n")
        )
    })
}

/// A scalar of the catalog as the text it was written as (`20000`, `0.1`, `48h`, `2/3`).
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The catalog does not type its parameters (money and counts are both bare numbers), so a
/// default is read the way the script's own value is typed and compared by meaning: `20000`
/// equals `money(20000)`, `0.10` equals `fraction("1/10")`, `48h` equals `duration("48h")`.
fn same_param_value(catalog: &Value, script: &ParamValue) -> bool {
    if let ParamValue::List(items) = script {
        // A list of enum values is a set: its order has no meaning.
        let Value::Sequence(expected) = catalog else {
            return false;
        };
        let expected: Option<Vec<String>> = expected.iter().map(scalar_text).collect();
        return expected.map(|e| sorted(&e)) == Some(sorted(items));
    }
    let Some(text) = scalar_text(catalog) else {
        return false;
    };
    match script {
        ParamValue::Integer(i) => text.trim().parse::<i64>() == Ok(*i),
        ParamValue::Money(m) => Money::parse_literal(&text).ok() == Some(*m),
        ParamValue::Duration(d) => ParamDuration::parse(&text).ok() == Some(*d),
        ParamValue::Fraction(f, _) => Fraction::parse(&text).ok() == Some(*f),
        ParamValue::Text(t) => *t == text,
        ParamValue::List(_) => unreachable!("lists are compared above"),
    }
}

fn show_catalog_value(value: &Value) -> String {
    match value {
        Value::Sequence(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|i| scalar_text(i).unwrap_or_else(|| format!("{i:?}")))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => scalar_text(other).unwrap_or_else(|| format!("{other:?}")),
    }
}

fn show_script_value(value: &ParamValue) -> String {
    let kind = match value {
        ParamValue::Integer(_) => "integer",
        ParamValue::Money(_) => "money",
        ParamValue::Duration(_) => "duration",
        ParamValue::Fraction(_, _) => "fraction",
        ParamValue::Text(_) => "text",
        ParamValue::List(_) => "list",
    };
    format!("{kind} {}", value.to_json())
}

fn sorted(items: &[String]) -> Vec<String> {
    let mut items = items.to_vec();
    items.sort();
    items
}

/// Every difference between one shipped threshold and its catalog entry, as
/// `CODE field: catalog ..., script ...` lines.
fn differences(catalog: &CatalogThreshold, shipped: &Threshold) -> Vec<String> {
    let meta = &shipped.meta;
    let code = &catalog.code;
    let mut found = Vec::new();
    let mut compare = |field: &str, expected: String, actual: String| {
        if expected != actual {
            found.push(format!(
                "{code} {field}: catalog {expected}, script {actual}"
            ));
        }
    };

    compare("id", catalog.id.clone(), meta.id.clone());
    compare("code", catalog.code.clone(), meta.code.clone());
    compare("category", catalog.category.clone(), meta.category.clone());
    compare("name_zh", catalog.name_zh.clone(), meta.name_zh.clone());
    compare("name_en", catalog.name_en.clone(), meta.name_en.clone());
    compare("kind", catalog.kind.clone(), meta.kind.as_str().to_string());
    compare("route", catalog.route.clone(), meta.route.clone());

    // Triggers form a set; the order they are listed in has no meaning.
    let triggers: Vec<String> = meta
        .triggers
        .iter()
        .map(|t| t.as_str().to_string())
        .collect();
    compare(
        "triggers",
        format!("{:?}", sorted(&catalog.triggers)),
        format!("{:?}", sorted(&triggers)),
    );

    // The dedup key's order is part of the alert id, so it is compared in order.
    compare(
        "dedup_key",
        format!("{:?}", catalog.dedup_key),
        format!("{:?}", meta.dedup_key),
    );

    compare(
        "also_notify",
        format!("{:?}", sorted(&catalog.also_notify)),
        format!("{:?}", sorted(&meta.also_notify)),
    );

    // The catalog may list a type more than once (different records of it); the script
    // declares one field list per type, which must be the union.
    let mut catalog_evidence: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for item in &catalog.evidence {
        catalog_evidence
            .entry(item.event_type.as_str())
            .or_default()
            .extend(item.fields.iter().map(String::as_str));
    }
    let mut script_evidence: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (event_type, fields) in &meta.evidence {
        script_evidence
            .entry(event_type.as_str())
            .or_default()
            .extend(fields.iter().map(String::as_str));
    }
    for (event_type, expected) in &catalog_evidence {
        match script_evidence.get(event_type) {
            None => compare(
                &format!("evidence.{event_type}"),
                format!("{expected:?}"),
                "not declared".into(),
            ),
            Some(actual) => {
                let missing: Vec<_> = expected.difference(actual).collect();
                let extra: Vec<_> = actual.difference(expected).collect();
                if !missing.is_empty() || !extra.is_empty() {
                    compare(
                        &format!("evidence.{event_type}"),
                        format!("{expected:?}"),
                        format!("{actual:?} (missing {missing:?}, extra {extra:?})"),
                    );
                }
            }
        }
    }
    for (event_type, actual) in &script_evidence {
        if !catalog_evidence.contains_key(event_type) {
            compare(
                &format!("evidence.{event_type}"),
                "not listed".into(),
                format!("{actual:?}"),
            );
        }
    }

    let catalog_params: Vec<(String, &Value)> = catalog
        .params
        .iter()
        .flatten()
        .map(|(name, value)| (scalar_text(name).unwrap_or_default(), value))
        .collect();
    for (name, expected) in &catalog_params {
        match meta.params.get(name) {
            None => compare(
                &format!("params.{name}"),
                show_catalog_value(expected),
                "not declared".into(),
            ),
            Some(actual) => {
                if !same_param_value(expected, actual) {
                    compare(
                        &format!("params.{name}"),
                        show_catalog_value(expected),
                        show_script_value(actual),
                    );
                }
            }
        }
    }
    for name in meta.params.names() {
        if !catalog_params.iter().any(|(n, _)| *n == name) {
            let actual = meta.params.get(&name).map(show_script_value);
            compare(
                &format!("params.{name}"),
                "not listed".into(),
                actual.unwrap_or_default(),
            );
        }
    }
    found
}

#[test]
fn every_shipped_threshold_matches_the_catalog() {
    let catalog = load_catalog();
    let rules = load_shipped_rules();
    let mut problems = Vec::new();
    for shipped in &rules.thresholds {
        let code = &shipped.meta.code;
        match catalog.thresholds.iter().find(|t| t.code == *code) {
            Some(entry) => problems.extend(differences(entry, shipped)),
            None => problems.push(format!(
                "{code} ({}, {}): no threshold with this code in the catalog",
                shipped.meta.id, shipped.source_name
            )),
        }
    }
    assert!(
        problems.is_empty(),
        "{} difference(s) between the shipped scripts and {}:\n  {}",
        problems.len(),
        catalog_path().display(),
        problems.join("\n  ")
    );
}

#[test]
fn every_catalog_threshold_is_shipped() {
    let catalog = load_catalog();
    let rules = load_shipped_rules();
    let shipped: BTreeSet<&str> = rules
        .thresholds
        .iter()
        .map(|t| t.meta.code.as_str())
        .collect();
    let mut missing_by_category: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for entry in &catalog.thresholds {
        if !shipped.contains(entry.code.as_str()) {
            missing_by_category
                .entry(entry.category.as_str())
                .or_default()
                .push(entry.code.as_str());
        }
    }
    let missing: usize = missing_by_category.values().map(Vec::len).sum();
    let listed: Vec<String> = missing_by_category
        .iter()
        .map(|(category, codes)| format!("{category}: {}", codes.join(", ")))
        .collect();
    assert!(
        missing == 0,
        "{missing} of {} catalog thresholds have no script under rules/:\n  {}",
        catalog.thresholds.len(),
        listed.join("\n  ")
    );
}

#[test]
fn the_catalog_copy_is_the_specification() {
    let Ok(specification) = std::fs::read_to_string(specification_checkout()) else {
        eprintln!(
            "no specification checkout at {}: the copy is compared when it is there",
            specification_checkout().display()
        );
        return;
    };
    let copy = std::fs::read_to_string(catalog_path()).expect("spec/catalog.yaml is shipped");
    assert!(
        copy == specification,
        "spec/catalog.yaml differs from {}: copy the specification again and follow it",
        specification_checkout().display()
    );
}
