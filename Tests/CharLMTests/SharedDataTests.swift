import Foundation
import TestSupport
import Testing

/// The one test that fails when `$BIGRAM_NAMES` names no file; every test that reads the corpus is
/// then skipped, so the mistake is reported once, with the path.
@Suite struct SharedDataTests {
  @Test func bigramNamesNamesAFile() {
    #expect(SharedData.requestProblem == nil, "\(SharedData.requestProblem ?? "")")
  }
}
