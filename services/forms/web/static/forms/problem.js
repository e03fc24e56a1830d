// What a refused request says to the person: the problem's messages (RFC 7807 body of
// shared/web/errors.py), else its detail or title, else the status text.
export async function reason(response) {
  try {
    const problem = await response.json();
    const messages = Object.values(problem.errors || {}).flat(Infinity).filter((each) => typeof each === "string");
    return messages.join(" ") || problem.detail || problem.title;
  } catch {
    return response.statusText;
  }
}
