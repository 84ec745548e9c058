export default function SurveyNotFound() {
  return (
    <div className="mx-auto max-w-lg py-10 text-center">
      <h1 className="text-2xl font-bold">This survey is not open</h1>
      <p className="mt-2 text-slate-600">
        Your session may have ended, or the feedback has closed. Open the link in your invitation e-mail again. If that does not work
        either, the feedback is no longer collecting answers.
      </p>
    </div>
  );
}
