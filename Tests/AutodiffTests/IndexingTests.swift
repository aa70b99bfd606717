import Autodiff
import Testing

@Suite struct IndexingTests {
  @Test func gatherRowsMatchesFiniteDifferences() {
    for seed in Fixtures.seeds {
      // Repeated rows (2), unused rows (1, 3) and a 1×1 table gathered three times.
      Fixtures.expectGradientsMatchFiniteDifferences(at: [Fixtures.normal([5, 3], seed: seed)]) { p in
        Fixtures.projected(gatherRows(p[0], [0, 2, 2, 4]), seed: seed)
      }
      Fixtures.expectGradientsMatchFiniteDifferences(at: [Fixtures.normal([1, 1], seed: seed)]) { p in
        Fixtures.projected(gatherRows(p[0], [0, 0, 0]), seed: seed)
      }
    }
  }

  @Test func pickMatchesFiniteDifferences() {
    for seed in Fixtures.seeds {
      Fixtures.expectGradientsMatchFiniteDifferences(at: [Fixtures.normal([3, 4], seed: seed)]) { p in
        Fixtures.projected(pick(p[0], [0, 3, 1]), seed: seed)
      }
      Fixtures.expectGradientsMatchFiniteDifferences(at: [Fixtures.normal([1, 1], seed: seed)]) { p in
        Fixtures.projected(pick(p[0], [0]), seed: seed)
      }
    }
  }

  @Test func gatherRowsScatterAddsIntoTheRowsItRead() {
    let table = Tensor(rows: [[1, 2], [3, 4], [5, 6]])
    let (value, gradient) = valueWithGradient(at: table) { t in
      let rows = gatherRows(t, [1, 1, 0])
      #expect(rows.value == Tensor(rows: [[3, 4], [3, 4], [1, 2]]))
      return rows.sum()
    }
    #expect(value == 17)
    #expect(gradient == Tensor(rows: [[1, 1], [2, 2], [0, 0]]))
  }

  @Test func pickSelectsOneEntryPerRow() {
    let x = Tensor(rows: [[1, 2, 3], [4, 5, 6]])
    let (value, gradient) = valueWithGradient(at: x) { x in
      let picked = pick(x, [2, 0])
      #expect(picked.value == Tensor(shape: [2], scalars: [3, 4]))
      return picked.sum()
    }
    #expect(value == 7)
    #expect(gradient == Tensor(rows: [[0, 0, 1], [1, 0, 0]]))
  }

  @Test func anIndexOutsideTheTableIsAProgrammerError() async {
    await #expect(processExitsWith: .failure) {
      _ = value(at: Tensor(zeros: [3, 2])) { gatherRows($0, [0, 3]).sum() }
    }
  }
}
