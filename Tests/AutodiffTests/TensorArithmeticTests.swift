import Autodiff
import Testing

@Suite struct TensorArithmeticTests {
  let x = Tensor(rows: [[1, 2], [3, 4]])

  @Test func scalarOperandsApplyToEveryEntry() {
    #expect((x + 1).scalars == [2, 3, 4, 5])
    #expect((1 + x).scalars == [2, 3, 4, 5])
    #expect((x - 1).scalars == [0, 1, 2, 3])
    #expect((10 - x).scalars == [9, 8, 7, 6])
    #expect((x * 2).scalars == [2, 4, 6, 8])
    #expect((2 * x).scalars == [2, 4, 6, 8])
    #expect((x / 2).scalars == [0.5, 1, 1.5, 2])
    #expect((12 / x).scalars == [12, 6, 4, 3])
    #expect((-x).scalars == [-1, -2, -3, -4])
    #expect((x * 2).shape == [2, 2])
  }

  @Test func sameShapeOperandsCombineEntryByEntry() {
    let y = Tensor(rows: [[10, 20], [30, 40]])
    #expect(x + y == Tensor(rows: [[11, 22], [33, 44]]))
    #expect(y - x == Tensor(rows: [[9, 18], [27, 36]]))
    #expect(x * y == Tensor(rows: [[10, 40], [90, 160]]))
    #expect(y / x == Tensor(rows: [[10, 10], [10, 10]]))
  }

  @Test func rowsColumnsAndScalarsBroadcast() {
    #expect(x + Tensor(shape: [2], scalars: [10, 20]) == Tensor(rows: [[11, 22], [13, 24]]))
    #expect(x + Tensor(rows: [[10, 20]]) == Tensor(rows: [[11, 22], [13, 24]]))
    #expect(x + Tensor(rows: [[10], [20]]) == Tensor(rows: [[11, 12], [23, 24]]))
    #expect(Tensor(rows: [[10], [20]]) - x == Tensor(rows: [[9, 8], [17, 16]]))
    #expect(x * Tensor(3) == x * 3)
    #expect(Tensor(shape: [1], scalars: [3]) * x == x * 3)
    // A column against a row makes their outer combination.
    #expect(Tensor(rows: [[1], [2]]) * Tensor(rows: [[10, 20, 30]]) == Tensor(rows: [[10, 20, 30], [20, 40, 60]]))
  }

  @Test func sumDotAndMaxAbsDifference() {
    #expect(x.sum() == 10)
    #expect(Tensor(zeros: [0]).sum() == 0)
    #expect(x.dot(Tensor(rows: [[1, 0], [-1, 2]])) == 1 - 3 + 8)
    #expect(x.maxAbsDifference(Tensor(rows: [[1, 2.5], [2, 4]])) == 1)
    #expect(x.maxAbsDifference(Tensor(rows: [[1, 2], [.nan, 4]])).isNaN)
  }

  @Test func mismatchedShapesAreAProgrammerError() async {
    await #expect(processExitsWith: .failure) {
      _ = Tensor(zeros: [2, 3]) + Tensor(zeros: [3, 2])
    }
  }
}
