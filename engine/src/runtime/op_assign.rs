//! Arithmetic operators of the script types, registered together with their assignment form.
//!
//! Rhai runs `a += b` by looking for a `+=` function first; where there is none it builds a
//! "function not found" error, naming both types, before it falls back to `a = a + b`. Loops
//! that add up money (`total += payment.amount`) paid for that error on every turn.

use rhai::{Engine, EvalAltResult, Variant};

type ScriptResult<T> = Result<T, Box<EvalAltResult>>;

/// Registers `operator` (`+`) and its assignment (`+=`), both computed by `apply`.
pub fn register<A, B>(
    engine: &mut Engine,
    operator: &'static str,
    apply: impl Fn(A, B) -> ScriptResult<A> + Clone + Send + Sync + 'static,
) where
    A: Variant + Clone,
    B: Variant + Clone,
{
    engine.register_fn(operator, apply.clone());
    engine.register_fn(
        format!("{operator}="),
        move |target: &mut A, operand: B| -> ScriptResult<()> {
            *target = apply(target.clone(), operand)?;
            Ok(())
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, Debug, PartialEq)]
    struct Fen(i64);

    fn engine() -> Engine {
        let mut engine = Engine::new();
        engine.register_type::<Fen>();
        engine.register_fn("fen", Fen);
        engine.register_fn("value", |f: Fen| f.0);
        register(&mut engine, "+", |a: Fen, b: Fen| -> ScriptResult<Fen> {
            a.0.checked_add(b.0)
                .map(Fen)
                .ok_or_else(|| "overflow".into())
        });
        register(&mut engine, "-", |a: Fen, b: i64| Ok(Fen(a.0 - b)));
        engine
    }

    #[test]
    fn the_assignment_form_gives_what_the_operator_gives() {
        let engine = engine();
        let script = "let t = fen(5); t += fen(7); t -= 2; let u = fen(5) + fen(7) - 2; [value(t), value(u)]";
        let values: rhai::Array = engine.eval(script).unwrap();
        let values: Vec<i64> = values.into_iter().map(|v| v.as_int().unwrap()).collect();
        assert_eq!(values, [10, 10]);
    }

    #[test]
    fn an_error_of_the_operator_is_the_error_of_the_assignment() {
        let engine = engine();
        let error = engine
            .eval::<()>("let t = fen(9223372036854775807); t += fen(1);")
            .unwrap_err();
        assert!(error.to_string().contains("overflow"), "{error}");
    }
}
