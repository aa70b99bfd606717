import Foundation
import FuzzSupport
import Reports

FuzzDriver.run { fuzzNumPy($0, $1) }

/// The `.npy` reader on arbitrary bytes: it throws a ``NumPyFileError``, or returns a vector or
/// matrix that survives writing and reading again bit for bit, and `requireFinite` refuses
/// exactly the arrays holding NaN or ±∞.
func fuzzNumPy(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let data = Data(FuzzCheck.bytes(start, count))
  guard let tensor = try? NumPyArray.decode(data) else { return 0 }
  FuzzCheck.expect((1...2).contains(tensor.rank), "an array of shape \(tensor.shape) was accepted")
  FuzzCheck.expect(tensor.count <= NumPyArray.maximumElementCount, "\(tensor.count) elements accepted")
  let again = try? NumPyArray.decode(NumPyArray.encode(tensor))
  FuzzCheck.expect(
    again?.shape == tensor.shape && again?.scalars.map(\.bitPattern) == tensor.scalars.map(\.bitPattern),
    "shape \(tensor.shape) does not survive encode and decode")
  let finite = (try? NumPyArray.decode(data, requireFinite: true)) != nil
  FuzzCheck.expect(
    finite == tensor.isFinite, "requireFinite gave \(finite) for an array with isFinite \(tensor.isFinite)")
  FuzzCheck.expect(
    (try? NumPyArray.decode(data, shape: tensor.shape + [1])) == nil, "shape \(tensor.shape) passed for another shape")
  return 0
}
