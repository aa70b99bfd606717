import Testing

@testable import Autodiff

@Suite struct BroadcastTests {
  @Test func equalShapesWalkBothDensely() {
    let b = Broadcast([2, 3], [2, 3])
    #expect(b.shape == [2, 3])
    #expect(b.rows * b.columns == 6)
    #expect(b.lhs == .dense && b.rhs == .dense)
  }

  @Test func oneElementOperandsRepeat() {
    #expect(Broadcast([2, 3], []).shape == [2, 3])
    #expect(Broadcast([2, 3], []).rhs == .repeated)
    #expect(Broadcast([1], [4]).shape == [4])
    #expect(Broadcast([1], [4]).lhs == .repeated)
    // Two one-element operands keep the higher rank.
    #expect(Broadcast([], [1, 1]).shape == [1, 1])
    #expect(Broadcast([1, 1], []).shape == [1, 1])
  }

  @Test func rowsAndColumnsRepeatAlongTheOtherAxis() {
    let row = Broadcast([3, 4], [4])
    #expect(row.shape == [3, 4])
    #expect(row.rhs == Broadcast.Strides(row: 0, column: 1))
    #expect(row.lhs == Broadcast.Strides(row: 4, column: 1))
    let column = Broadcast([3, 1], [3, 4])
    #expect(column.shape == [3, 4])
    #expect(column.lhs == Broadcast.Strides(row: 1, column: 0))
    let outer = Broadcast([3, 1], [1, 4])
    #expect(outer.shape == [3, 4])
    #expect(outer.lhs == Broadcast.Strides(row: 1, column: 0))
    #expect(outer.rhs == Broadcast.Strides(row: 0, column: 1))
  }

  @Test func forEachIndexVisitsEveryOutputOnceInOrder() {
    var visits: [[Int]] = []
    Broadcast([2, 3], [2, 1]).forEachIndex { k, l, r in visits.append([k, l, r]) }
    #expect(visits == [[0, 0, 0], [1, 1, 0], [2, 2, 0], [3, 3, 1], [4, 4, 1], [5, 5, 1]])
  }

  @Test func incompatibleExtentsAreAProgrammerError() async {
    await #expect(processExitsWith: .failure) {
      _ = Broadcast([3, 4], [3])
    }
  }
}
