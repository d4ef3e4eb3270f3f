//! Distances between sites (`{lat, lon}` in WGS-84 degrees): the great-circle (haversine)
//! distance the catalog uses to link nearby projects.
//!
//! Scripts have no floating point; geometry is the one place where it is right (nothing here is
//! money), so the distance is computed in Rust and scripts get a yes/no answer or whole meters.

use crate::values::Decimal;
use rhai::{Dynamic, Engine, Map};

/// Mean earth radius of the catalog, in meters.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// A site's latitude and longitude in degrees, if both are present.
fn degrees(site: &Map) -> Option<(f64, f64)> {
    let read = |name: &str| {
        site.get(name)
            .and_then(|v| v.clone().try_cast::<Decimal>())
            .map(|d| d.0 as f64 / Decimal::SCALE as f64)
    };
    Some((read("lat")?, read("lon")?))
}

/// Haversine distance in meters between two (lat, lon) points in degrees.
pub fn haversine_m(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (phi1, phi2) = (a.0.to_radians(), b.0.to_radians());
    let half_dphi = (phi2 - phi1) / 2.0;
    let half_dlambda = (b.1 - a.1).to_radians() / 2.0;
    let h = half_dphi.sin().powi(2) + phi1.cos() * phi2.cos() * half_dlambda.sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

fn distance_between(a: &Dynamic, b: &Dynamic) -> Option<f64> {
    let a = a.clone().try_cast::<Map>()?;
    let b = b.clone().try_cast::<Map>()?;
    Some(haversine_m(degrees(&a)?, degrees(&b)?))
}

/// Registers `within_m(a, b, radius_m)`: true when both sites are known and at most `radius_m`
/// meters apart; and `distance_m(a, b)`: the distance rounded to whole meters, or `()` when a
/// site is unknown.
pub fn register(engine: &mut Engine) {
    engine.register_fn("within_m", |a: Dynamic, b: Dynamic, radius_m: i64| {
        distance_between(&a, &b).is_some_and(|d| d <= radius_m as f64)
    });
    engine.register_fn("distance_m", |a: Dynamic, b: Dynamic| {
        distance_between(&a, &b).map_or(Dynamic::UNIT, |d| Dynamic::from(d.round() as i64))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(lat: &str, lon: &str) -> Dynamic {
        let mut map = Map::new();
        map.insert(
            "lat".into(),
            Dynamic::from(Decimal::parse_literal(lat).unwrap()),
        );
        map.insert(
            "lon".into(),
            Dynamic::from(Decimal::parse_literal(lon).unwrap()),
        );
        Dynamic::from(map)
    }

    #[test]
    fn a_degree_of_latitude_is_about_111_km() {
        let d = distance_between(&site("30", "120"), &site("31", "120")).unwrap();
        assert!((d - 111_195.08).abs() < 0.01, "{d}");
    }

    #[test]
    fn meridian_distances_on_both_sides_of_500_meters() {
        // 0.0044966 degrees of latitude: 499.9998 m; 0.0044967 degrees: 500.0109 m.
        let near = distance_between(&site("30.0000000", "120"), &site("30.0044966", "120"));
        let far = distance_between(&site("30.0000000", "120"), &site("30.0044967", "120"));
        assert!(near.unwrap() <= 500.0 && far.unwrap() > 500.0);
    }

    #[test]
    fn an_unknown_site_has_no_distance() {
        assert!(distance_between(&site("30", "120"), &Dynamic::UNIT).is_none());
        assert!(distance_between(&Dynamic::from(Map::new()), &site("30", "120")).is_none());
    }
}
