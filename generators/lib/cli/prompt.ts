// create-cloudify-plugin's questions, asked with @inquirer/prompts (the prompts yo's adapter uses),
// loaded only when a question is actually asked: most runs ask nothing.
import type { AnswerQuestion } from '../collect-answers.js';

export async function ask(question: AnswerQuestion): Promise<unknown> {
  const { input, select } = await import('@inquirer/prompts');
  const { message, validate } = question;
  if (question.type === 'select') {
    const choices = question.choices ?? [];
    return select({
      message,
      choices,
      ...(question.default === undefined ? {} : { default: question.default }),
    });
  }
  return input({
    message,
    validate,
    ...(question.default === undefined ? {} : { default: question.default }),
  });
}
