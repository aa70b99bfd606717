import Autodiff
import Testing

@Suite struct TensorLinearAlgebraTests {
  @Test func matmulOfKnownMatrices() {
    // Worked by hand: row 1 · columns = 1·7 + 2·9 + 3·11 = 58, 1·8 + 2·10 + 3·12 = 64, …
    let a = Tensor(rows: [[1, 2, 3], [4, 5, 6]])
    let b = Tensor(rows: [[7, 8], [9, 10], [11, 12]])
    #expect(matmul(a, b) == Tensor(rows: [[58, 64], [139, 154]]))
  }

  @Test func matmulOfOneHotRowsSelectsRows() {
    let w = Tensor(rows: [[1, 2], [3, 4], [5, 6]])
    #expect(matmul(Tensor(oneHot: [2, 0, 2], depth: 3), w) == Tensor(rows: [[5, 6], [1, 2], [5, 6]]))
  }

  @Test func matmulOfEmptyInnerExtentIsZero() {
    #expect(matmul(Tensor(zeros: [2, 0]), Tensor(zeros: [0, 3])) == Tensor(zeros: [2, 3]))
  }

  @Test func transposedSwapsRowsAndColumns() {
    let a = Tensor(rows: [[1, 2, 3], [4, 5, 6]])
    #expect(a.transposed() == Tensor(rows: [[1, 4], [2, 5], [3, 6]]))
    #expect(a.transposed().transposed() == a)
  }
}
