/** The lab's people for the end-to-end test: the first admin, and a reviewer the admin adds. */
export async function addLabPeople(
  _url: string,
  _people: { admin: { name: string; password: string }; reviewer: { name: string; password: string } }
): Promise<void> {
  // Filled in with the review branch's createFirstAdmin / addUser once merged.
}
