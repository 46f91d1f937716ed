//! The probability that an impact Gaussian falls inside a polygon (Owen's T, edge by
//! edge) against scipy's adaptive 2-D quadrature over a triangle fan and against closed
//! forms for rectangles (fixture: tests/fixtures/assess/generate_polygon_probability.py).

use nalgebra::{Matrix2, Vector2};
use tdome_bmc::assess::probability::probability_inside;

#[test]
fn val_polygon_probability_matches_scipy() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/assess/polygon_probability_scipy.csv"
    ))
    .expect("fixture present");
    let mut cases = 0;
    let mut worst: f64 = 0.0;
    for (line, row) in text.lines().enumerate().skip(1) {
        let fields: Vec<&str> = row.split(',').collect();
        assert_eq!(fields.len(), 9, "line {}", line + 1);
        let num = |i: usize| fields[i].parse::<f64>().expect("a number");
        let mean = Vector2::new(num(2), num(3));
        let cov = Matrix2::new(num(4), num(5), num(5), num(6));
        let want = num(7);
        let polygon: Vec<(f64, f64)> = fields[8]
            .split('|')
            .map(|pair| {
                let mut xy = pair
                    .split(' ')
                    .map(|v| v.parse::<f64>().expect("a coordinate"));
                (xy.next().unwrap(), xy.next().unwrap())
            })
            .collect();
        let got = probability_inside(&mean, &cov, &polygon).expect("a probability");
        let error = (got - want).abs();
        // scipy's quadrature is asked for 1e-14 absolute, 1e-11 relative on each
        // triangle; the closed forms are exact to rounding.
        assert!(
            error <= 1e-10 + 1e-8 * want,
            "case {} ({}): {got} against {want}",
            fields[0],
            fields[1]
        );
        worst = worst.max(error);
        cases += 1;
    }
    println!("{cases} cases, largest difference {worst:.2e}");
    assert!(cases >= 40);
}
