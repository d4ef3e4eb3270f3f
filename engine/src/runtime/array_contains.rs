//! `list.contains(value)` and `value in list` for arrays, comparing text, integers, flags and
//! `()` directly.
//!
//! Rhai's own `contains` calls the `==` operator for every element through a fresh function
//! look-up (new caches each time), a few thousand instructions per element. Scripts test
//! membership in parameter lists (`ev.purpose in cx.params.exempt_purposes`) and in lists they
//! build on nearly every call, so most elements are text. Elements of other types still go
//! through `==`, so the meaning is Rhai's: equal when `==` says so, false across types that have
//! no `==`.

use rhai::{Array, Dynamic, Engine, EvalAltResult, NativeCallContext};

/// How two values of the plain kinds compare, without calling `==`: `None` when either is of
/// another kind, or when the kinds differ (a registered `==` may still relate those).
fn plain_equal(item: &Dynamic, value: &Dynamic) -> Option<bool> {
    if let (Ok(a), Ok(b)) = (
        item.as_immutable_string_ref(),
        value.as_immutable_string_ref(),
    ) {
        return Some(a.as_str() == b.as_str());
    }
    if let (Ok(a), Ok(b)) = (item.as_int(), value.as_int()) {
        return Some(a == b);
    }
    if let (Ok(a), Ok(b)) = (item.as_bool(), value.as_bool()) {
        return Some(a == b);
    }
    if item.is_unit() && value.is_unit() {
        return Some(true);
    }
    None
}

/// Whether `==` holds for `item` and `value`, as Rhai's `contains` decides it.
fn operator_equal(
    context: &NativeCallContext,
    item: &mut Dynamic,
    value: &Dynamic,
) -> Result<bool, Box<EvalAltResult>> {
    let mut right = value.clone();
    match context.call_native_fn_raw("==", true, &mut [item, &mut right]) {
        Ok(result) => Ok(result.as_bool().unwrap_or(false)),
        Err(error) => match *error {
            EvalAltResult::ErrorFunctionNotFound(ref signature, ..)
                if signature.starts_with("==") && item.type_id() != value.type_id() =>
            {
                Ok(false)
            }
            _ => Err(error),
        },
    }
}

fn contains(
    context: NativeCallContext,
    list: &mut Array,
    value: Dynamic,
) -> Result<bool, Box<EvalAltResult>> {
    for item in list.iter_mut() {
        let equal = match plain_equal(item, &value) {
            Some(equal) => equal,
            None => operator_equal(&context, item, &value)?,
        };
        if equal {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Registers `contains` for arrays; functions registered on the engine are found before the
/// standard package's.
pub fn register(engine: &mut Engine) {
    engine.register_fn("contains", contains);
}

#[cfg(test)]
mod tests {
    use crate::runtime::sandbox::{build_engine, ScriptLimits};

    fn eval(script: &str) -> bool {
        let engine = build_engine(8 * 3600, ScriptLimits::default());
        engine.eval::<bool>(script).expect(script)
    }

    #[test]
    fn text_integers_flags_and_unit_are_found_by_value() {
        assert!(eval(r#""b" in ["a", "b"]"#));
        assert!(!eval(r#""c" in ["a", "b"]"#));
        assert!(eval(r#"["a", "b"].contains("a")"#));
        assert!(eval("2 in [1, 2, 3]"));
        assert!(!eval("4 in [1, 2, 3]"));
        assert!(eval("false in [true, false]"));
        assert!(eval("() in [1, ()]"));
        assert!(!eval("[].contains(1)"));
    }

    #[test]
    fn values_of_different_types_are_not_equal() {
        assert!(!eval(r#"() in ["a", "b"]"#));
        assert!(!eval(r#"1 in ["1"]"#));
        assert!(!eval(r#""true" in [true]"#));
    }

    #[test]
    fn other_types_compare_with_their_equality_operator() {
        assert!(eval(r#"money("12.50") in [money("3.00"), money("12.5")]"#));
        assert!(!eval(r#"money("12.50") in [money("3.00")]"#));
        assert!(eval(r#"date("2026-03-01") in [date("2026-03-01")]"#));
        assert!(eval(r#"[[1, 2], [3]].contains([3])"#));
    }
}
