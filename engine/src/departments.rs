//! The township functional departments of the catalog (catalog.yaml `departments`): the codes a
//! `dept:<code>` route, a department user and a reassignment may name.

/// The department codes, in catalog order.
pub const DEPARTMENT_CODES: [&str; 7] = [
    "jingguan", "trading", "civil", "natres", "housing", "agri", "office",
];

/// Whether `code` names a department of the catalog.
pub fn is_department(code: &str) -> bool {
    DEPARTMENT_CODES.contains(&code)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The list above is the specification's, read from the copy shipped in the repository.
    #[test]
    fn codes_are_those_of_the_catalog() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/catalog.yaml");
        let text = std::fs::read_to_string(path).expect("spec/catalog.yaml");
        let catalog: serde_yaml::Value = serde_yaml::from_str(&text).expect("catalog YAML");
        let codes: Vec<&str> = catalog["departments"]
            .as_sequence()
            .expect("a departments list")
            .iter()
            .map(|d| d["code"].as_str().expect("a department code"))
            .collect();
        assert_eq!(codes, DEPARTMENT_CODES);
        assert!(is_department("natres"));
        assert!(!is_department("finance_office"));
    }
}
