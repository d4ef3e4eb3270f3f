//! Sites of a village's projects. Every project is given a site of its own on a grid of 0.01°
//! (about 1.1 km north-south, 0.97 km east-west at this latitude), so that no two projects of a
//! village lie within the 500 m of PRJ-02 unless a planted case puts one next to another.

/// A site in millionths of a degree (latitude, longitude).
pub type Site = (i64, i64);

/// South-west corner of the grid, and its spacing, in millionths of a degree.
const ORIGIN: Site = (29_200_000, 119_950_000);
const SPACING: i64 = 10_000;
const COLUMNS: u32 = 30;

/// Mean earth radius of the catalog, in meters (PRJ-02).
const EARTH_RADIUS_M: f64 = 6_371_008.8;

#[derive(Debug, Clone, Default)]
pub struct Sites {
    issued: u32,
}

impl Sites {
    /// The next free site of the village.
    pub fn next(&mut self) -> Site {
        let n = self.issued;
        self.issued += 1;
        (
            ORIGIN.0 + i64::from(n / COLUMNS) * SPACING,
            ORIGIN.1 + i64::from(n % COLUMNS) * SPACING,
        )
    }
}

/// `site` moved north by `meters` (along the meridian).
pub fn north_of(site: Site, meters: f64) -> Site {
    let degrees = (meters / EARTH_RADIUS_M).to_degrees();
    (site.0 + (degrees * 1e6).round() as i64, site.1)
}

/// Great-circle (haversine) distance in meters, as the engine computes it.
pub fn distance_m(a: Site, b: Site) -> f64 {
    let deg = |x: i64| x as f64 / 1e6;
    let (phi1, phi2) = (deg(a.0).to_radians(), deg(b.0).to_radians());
    let half_dphi = (phi2 - phi1) / 2.0;
    let half_dlambda = (deg(b.1) - deg(a.1)).to_radians() / 2.0;
    let h = half_dphi.sin().powi(2) + phi1.cos() * phi2.cos() * half_dlambda.sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sites_of_the_grid_are_more_than_500_meters_apart() {
        let mut sites = Sites::default();
        let all: Vec<Site> = (0..90).map(|_| sites.next()).collect();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert!(distance_m(*a, *b) > 900.0);
            }
        }
        let near = north_of(all[0], 200.0);
        assert!((distance_m(all[0], near) - 200.0).abs() < 1.0);
        let far = north_of(all[0], 522.0);
        assert!(distance_m(all[0], far) > 520.0);
    }
}
